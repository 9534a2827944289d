// The Customers panel of the sidebar (spec wizard.md "The sidebar panel"): AWT controls that gather the
// options, call the job service org.calccrm.CustomerJobs and show its results and problems in plain words.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <com/sun/star/awt/XActionListener.hpp>
#include <com/sun/star/awt/XControl.hpp>
#include <com/sun/star/awt/XControlContainer.hpp>
#include <com/sun/star/awt/XItemListener.hpp>
#include <com/sun/star/awt/XWindow.hpp>
#include <com/sun/star/awt/XWindowListener.hpp>
#include <com/sun/star/frame/XFrame.hpp>
#include <com/sun/star/lang/XComponent.hpp>
#include <com/sun/star/sheet/XActivationEventListener.hpp>
#include <com/sun/star/sheet/XRangeSelectionListener.hpp>
#include <com/sun/star/ui/XSidebarPanel.hpp>
#include <com/sun/star/ui/XToolPanel.hpp>
#include <com/sun/star/ui/XUIElement.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/implbase9.hxx>
#include <cppuhelper/interfacecontainer.hxx>
#include <org/calccrm/XCustomerJobs.hpp>

#include "shared/text.hxx"
#include "panel/database_dialog.hxx"
#include "panel/flow_layout.hxx"
#include "panel/panel_settings.hxx"

namespace crm_uno {

/// The panel: builds its controls in the sidebar's window, lays them out for any width, and runs the jobs.
/// Every callback catches everything: an error is shown in the panel, never thrown into the office.
class CustomersPanel
    : public cppu::WeakImplHelper9<css::ui::XUIElement, css::ui::XToolPanel, css::ui::XSidebarPanel,
                                   css::lang::XComponent, css::awt::XActionListener, css::awt::XItemListener,
                                   css::awt::XWindowListener, css::sheet::XActivationEventListener,
                                   css::sheet::XRangeSelectionListener> {
public:
    CustomersPanel(const css::uno::Reference<css::uno::XComponentContext>& context,
                   const css::uno::Reference<css::frame::XFrame>& frame,
                   const css::uno::Reference<css::awt::XWindow>& parent, const ::rtl::OUString& url);
    ~CustomersPanel() override;

    // XUIElement
    css::uno::Reference<css::frame::XFrame> SAL_CALL getFrame() override;
    ::rtl::OUString SAL_CALL getResourceURL() override;
    sal_Int16 SAL_CALL getType() override;
    css::uno::Reference<css::uno::XInterface> SAL_CALL getRealInterface() override;

    // XToolPanel
    css::uno::Reference<css::awt::XWindow> SAL_CALL getWindow() override;
    css::uno::Reference<css::accessibility::XAccessible> SAL_CALL createAccessible(
        const css::uno::Reference<css::accessibility::XAccessible>& parent) override;

    // XSidebarPanel
    css::ui::LayoutSize SAL_CALL getHeightForWidth(sal_Int32 width) override;
    sal_Int32 SAL_CALL getMinimalWidth() override;

    // XComponent
    void SAL_CALL dispose() override;
    void SAL_CALL addEventListener(const css::uno::Reference<css::lang::XEventListener>& listener) override;
    void SAL_CALL removeEventListener(const css::uno::Reference<css::lang::XEventListener>& listener) override;

    // XActionListener: the buttons
    void SAL_CALL actionPerformed(const css::awt::ActionEvent& event) override;
    // XItemListener: the sheet, method and column lists
    void SAL_CALL itemStateChanged(const css::awt::ItemEvent& event) override;
    // XWindowListener: the sidebar resizes its window, the panel follows and lays out again
    void SAL_CALL windowResized(const css::awt::WindowEvent& event) override;
    void SAL_CALL windowMoved(const css::awt::WindowEvent&) override {}
    void SAL_CALL windowShown(const css::lang::EventObject&) override {}
    void SAL_CALL windowHidden(const css::lang::EventObject&) override {}
    // XActivationEventListener: another sheet became active
    void SAL_CALL activeSpreadsheetChanged(const css::sheet::ActivationEvent& event) override;
    // XRangeSelectionListener: the holiday range picked in the sheet
    void SAL_CALL done(const css::sheet::RangeSelectionEvent& event) override;
    void SAL_CALL aborted(const css::sheet::RangeSelectionEvent& event) override;
    // XEventListener
    void SAL_CALL disposing(const css::lang::EventObject& event) override;

private:
    struct role_row {
        std::string role;  ///< the role's name in the Columns option ("sales")
        css::uno::Reference<css::awt::XControl> label, box;
    };

    /// Runs a callback's body; whatever it throws is shown in the message area.
    template <class Body> void guarded_ui(Body&& body) noexcept;
    /// Creates the controls from the panel's dialog (extension/dialogs/CustomersPanel.xdl) and binds them by name.
    void build();
    /// Places the controls for `width` (when `apply`) and returns the height they need.
    sal_Int32 layout(sal_Int32 width, bool apply);

    std::string text(const char* const (&texts)[4]) const;
    std::string control_text(const std::string& name) const;
    void set_control_text(const std::string& name, const std::string& value);
    void set_items(const css::uno::Reference<css::awt::XControl>& box, const std::vector<std::string>& items, sal_Int16 selected);
    sal_Int16 selected(const css::uno::Reference<css::awt::XControl>& box) const;
    std::string selected_sheet(const css::uno::Reference<css::awt::XControl>& box, bool optional) const;
    void show_message(const std::string& message);

    css::uno::Reference<css::frame::XModel> document() const;
    css::uno::Reference<org::calccrm::XCustomerJobs> jobs() const;
    /// Reads the sheets and columns again (detectColumns); `customer_sheet` empty: as the jobs would find it.
    void refresh(const std::string& customer_sheet, const std::optional<std::string>& transaction_sheet);
    void apply_settings(const panel_settings& settings);
    panel_settings current_settings() const;
    /// The options of a run, from the controls; `for_plan` adds the calendar options.
    css::uno::Sequence<css::beans::PropertyValue> run_options(bool for_plan) const;
    /// Makes the panel's run buttons say whether a job runs: Cancel enabled, the others disabled, and back.
    void set_running(bool running);
    /// Calls `call` (a job) with the buttons set for a run in progress, and sets them back however it ends.
    template <class Call> css::uno::Sequence<css::beans::PropertyValue> while_running(Call&& call);
    void set_enabled(const std::string& name, bool enabled);
    /// The Cancel button: asks the panel's run in progress to stop (jobs()->cancel); nothing when none runs.
    void request_cancel();
    /// The Analyze button; with `database`, the orders are read from it (analyze's TransactionSource) instead of
    /// the document's sheets.
    void analyze(const std::optional<database_choice>& database = std::nullopt);
    /// "Orders from a database…": picks a registered data source and its table or query, then analyzes them.
    void orders_from_database();
    void plan_visits();
    /// A save dialog with these filters (title, pattern; the first is current) and file name; nullopt when cancelled.
    std::optional<::rtl::OUString> save_file(const std::vector<std::pair<std::string, const char*>>& filters,
                                             const char* default_name);
    void export_calendar();
    /// "Share as values…": asks for a .ods or .xlsx file and has the job service write the copy (exportValues).
    void share_values();
    void pick_holidays();
    void listen_to_controller(bool add);

    css::uno::Reference<css::uno::XComponentContext> context_;
    css::uno::Reference<css::frame::XFrame> frame_;
    css::uno::Reference<css::awt::XWindow> parent_;
    ::rtl::OUString url_;
    language lang_ = 0;
    osl::Mutex mutex_;
    cppu::OInterfaceContainerHelper listeners_;
    bool disposed_ = false;
    bool busy_ = false;       ///< a job runs: events of its own changes are ignored
    bool running_ = false;    ///< an Analyze or Plan visits run is in progress: Cancel may stop it
    bool updating_ = false;   ///< the panel is filling its own lists

    css::uno::Reference<css::awt::XControl> container_control_;
    css::uno::Reference<css::awt::XControlContainer> container_;
    css::uno::Reference<css::awt::XControl> host_control_;  ///< the plain window given to the sidebar
    css::uno::Reference<css::awt::XWindow> window_;         ///< host_control_'s window
    css::uno::Reference<css::awt::XWindow> dialog_;         ///< the dialog's window, inside window_
    css::uno::Reference<css::uno::XInterface> controller_;  ///< the listened-to controller
    std::map<std::string, css::uno::Reference<css::awt::XControl>> controls_;
    std::vector<role_row> roles_;
    flow_layout layout_;  ///< the dialog's rows, stretched to the sidebar
    sal_Int32 width_ = 0;

    // What detectColumns last said.
    std::vector<std::string> sheets_;
    std::vector<std::string> headers_;
    std::map<std::string, sal_Int32> detected_;   ///< role → column found by the jobs
    std::map<std::string, sal_Int32> overrides_;  ///< role → column the user chose (-1: none)
    std::set<std::string> outputs_;               ///< sheets the runs wrote: never taken as the source
    std::string schedule_sheet_;                  ///< the last schedule, for the export
    std::optional<database_choice> database_;     ///< the orders' data source last chosen, kept in the document
};

}  // namespace crm_uno
