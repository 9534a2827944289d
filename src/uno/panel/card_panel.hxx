// The Customer panel of the sidebar (spec wizard.md "Customer card and sharing"): the card of the customer in the
// selected row, from the job service's customerCard, following the selection. It formats; it computes nothing.
#pragma once

#include <string>

#include <com/sun/star/awt/XControl.hpp>
#include <com/sun/star/awt/XWindow.hpp>
#include <com/sun/star/awt/XWindowListener.hpp>
#include <com/sun/star/frame/XFrame.hpp>
#include <com/sun/star/lang/XComponent.hpp>
#include <com/sun/star/ui/XSidebarPanel.hpp>
#include <com/sun/star/ui/XToolPanel.hpp>
#include <com/sun/star/ui/XUIElement.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <com/sun/star/view/XSelectionChangeListener.hpp>
#include <cppuhelper/implbase6.hxx>
#include <cppuhelper/interfacecontainer.hxx>

#include "shared/text.hxx"

namespace crm_uno {

/// The panel: one read-only text filling the panel, written again at each change of the selection.
class CardPanel : public cppu::WeakImplHelper6<css::ui::XUIElement, css::ui::XToolPanel, css::ui::XSidebarPanel,
                                               css::lang::XComponent, css::view::XSelectionChangeListener,
                                               css::awt::XWindowListener> {
public:
    CardPanel(const css::uno::Reference<css::uno::XComponentContext>& context,
              const css::uno::Reference<css::frame::XFrame>& frame, const css::uno::Reference<css::awt::XWindow>& parent,
              const ::rtl::OUString& url);

    // XUIElement
    css::uno::Reference<css::frame::XFrame> SAL_CALL getFrame() override { return frame_; }
    ::rtl::OUString SAL_CALL getResourceURL() override { return url_; }
    sal_Int16 SAL_CALL getType() override;
    css::uno::Reference<css::uno::XInterface> SAL_CALL getRealInterface() override;
    // XToolPanel
    css::uno::Reference<css::awt::XWindow> SAL_CALL getWindow() override { return window_; }
    css::uno::Reference<css::accessibility::XAccessible> SAL_CALL createAccessible(
        const css::uno::Reference<css::accessibility::XAccessible>&) override;
    // XSidebarPanel
    css::ui::LayoutSize SAL_CALL getHeightForWidth(sal_Int32 width) override;
    sal_Int32 SAL_CALL getMinimalWidth() override;
    // XComponent
    void SAL_CALL dispose() override;
    void SAL_CALL addEventListener(const css::uno::Reference<css::lang::XEventListener>& listener) override;
    void SAL_CALL removeEventListener(const css::uno::Reference<css::lang::XEventListener>& listener) override;
    // XSelectionChangeListener: the user moved to another cell
    void SAL_CALL selectionChanged(const css::lang::EventObject& event) override;
    void SAL_CALL disposing(const css::lang::EventObject& event) override;
    // XWindowListener: the sidebar resizes the panel
    void SAL_CALL windowResized(const css::awt::WindowEvent& event) override;
    void SAL_CALL windowMoved(const css::awt::WindowEvent&) override {}
    void SAL_CALL windowShown(const css::lang::EventObject&) override {}
    void SAL_CALL windowHidden(const css::lang::EventObject&) override {}

private:
    void listen(bool on);
    void show_selection();
    void show(const std::string& text);
    std::string text(const char* const (&texts)[4]) const { return localized(texts, lang_); }

    css::uno::Reference<css::uno::XComponentContext> context_;
    css::uno::Reference<css::frame::XFrame> frame_;
    css::uno::Reference<css::awt::XWindow> parent_, window_;
    css::uno::Reference<css::awt::XControl> control_;
    ::rtl::OUString url_;
    language lang_ = 0;
    bool disposed_ = false;
    std::string shown_;  ///< the text on show, so that an unchanged card is not written again
    osl::Mutex mutex_;
    cppu::OInterfaceContainerHelper listeners_;
};

}  // namespace crm_uno
