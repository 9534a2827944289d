// The panel's layout from its dialog: the rows of the .xdl (controls that share a top), stretched to the
// sidebar's width, each row as tall as its labels need at that width.
#pragma once

#include <vector>

#include <com/sun/star/awt/XControl.hpp>
#include <com/sun/star/awt/XControlContainer.hpp>

namespace crm_uno {

/// Lays out the controls of a container window created from a dialog: every control keeps its row, its
/// horizontal place and width as fractions of the dialog's width, and its designed height, grown to what a
/// label's text needs at the stretched width (a French or Chinese label may wrap) and to a control's preferred
/// height (a CJK font is taller). A row of buttons whose labels no longer fit side by side is stacked.
class flow_layout {
public:
    /// Reads the design: the controls' positions and sizes as the dialog gave them, grouped into rows.
    void capture(const css::uno::Reference<css::awt::XControlContainer>& container, sal_Int32 margin);
    /// Places the controls for `width` (when `apply`) and returns the height they take.
    sal_Int32 arrange(sal_Int32 width, bool apply) const;

private:
    struct item {
        css::uno::Reference<css::awt::XControl> control;
        double left = 0, width = 0;  ///< fractions of the design's inner width
        sal_Int32 height = 0;        ///< designed height, pixels
        bool label = false, button = false;
    };
    struct row {
        std::vector<item> items;
        sal_Int32 gap_before = 0;  ///< designed space above the row, pixels
    };
    std::vector<row> rows_;
    sal_Int32 margin_ = 0;
};

}  // namespace crm_uno
