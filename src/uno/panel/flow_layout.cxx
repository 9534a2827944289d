// The panel's rows from its dialog, stretched and grown to the sidebar's width.
#include "panel/flow_layout.hxx"

#include <algorithm>
#include <map>

#include <com/sun/star/awt/PosSize.hpp>
#include <com/sun/star/awt/Size.hpp>
#include <com/sun/star/awt/XLayoutConstrains.hpp>
#include <com/sun/star/awt/XWindow.hpp>
#include <com/sun/star/lang/XServiceInfo.hpp>

namespace crm_uno {

using css::uno::Reference;
using css::uno::UNO_QUERY;
using css::uno::UNO_QUERY_THROW;

namespace {

constexpr sal_Int32 kButtonRoom = 12;  // spare width a button's label needs around it
constexpr sal_Int32 kStackGap = 4;    // between buttons put one under the other

bool is_model(const Reference<css::awt::XControl>& control, const char* service) {
    const Reference<css::lang::XServiceInfo> info(control->getModel(), UNO_QUERY);
    return info.is() && info->supportsService(::rtl::OUString::createFromAscii(service));
}

sal_Int32 preferred_width(const Reference<css::awt::XControl>& control) {
    const Reference<css::awt::XLayoutConstrains> size(control, UNO_QUERY);
    return size.is() ? size->getPreferredSize().Width : 0;
}

}  // namespace

void flow_layout::capture(const Reference<css::awt::XControlContainer>& container, sal_Int32 margin) {
    margin_ = margin;
    rows_.clear();
    // Rows by designed top, in order; the inner width is the widest row's extent.
    std::map<sal_Int32, std::vector<std::pair<css::awt::Rectangle, Reference<css::awt::XControl>>>> by_top;
    sal_Int32 left = 0x7fffffff, right = 0;
    for (const auto& control : container->getControls()) {
        const auto box = Reference<css::awt::XWindow>(control, UNO_QUERY_THROW)->getPosSize();
        by_top[box.Y].push_back({box, control});
        left = std::min(left, box.X);
        right = std::max(right, box.X + box.Width);
    }
    const double inner = std::max<sal_Int32>(1, right - left);
    sal_Int32 previous_bottom = -1;
    for (auto& [top, controls] : by_top) {
        std::sort(controls.begin(), controls.end(), [](const auto& a, const auto& b) { return a.first.X < b.first.X; });
        row r;
        r.gap_before = previous_bottom < 0 ? 0 : std::max<sal_Int32>(0, top - previous_bottom);
        sal_Int32 bottom = top;
        for (const auto& [box, control] : controls) {
            item i;
            i.control = control;
            i.left = (box.X - left) / inner;
            i.width = box.Width / inner;
            i.height = box.Height;
            i.label = is_model(control, "com.sun.star.awt.UnoControlFixedTextModel");
            i.button = is_model(control, "com.sun.star.awt.UnoControlButtonModel");
            r.items.push_back(i);
            bottom = std::max(bottom, box.Y + box.Height);
        }
        previous_bottom = bottom;
        rows_.push_back(std::move(r));
    }
}

sal_Int32 flow_layout::arrange(sal_Int32 width, bool apply) const {
    const sal_Int32 inner = std::max<sal_Int32>(1, width - 2 * margin_);
    sal_Int32 y = margin_;
    const auto height_of = [](const item& i, sal_Int32 w) {
        const Reference<css::awt::XLayoutConstrains> size(i.control, UNO_QUERY);
        if (!size.is()) return i.height;
        if (i.label) return std::max(i.height, size->calcAdjustedSize(css::awt::Size(w, 0)).Height);
        return std::max(i.height, size->getPreferredSize().Height);
    };
    const auto put = [&](const item& i, sal_Int32 x, sal_Int32 top, sal_Int32 w, sal_Int32 h) {
        if (apply) Reference<css::awt::XWindow>(i.control, UNO_QUERY_THROW)->setPosSize(x, top, w, h, css::awt::PosSize::POSSIZE);
    };
    for (const auto& r : rows_) {
        y += r.gap_before;
        // Stretched places; a row of buttons that no longer fit side by side goes one under the other.
        std::vector<std::pair<sal_Int32, sal_Int32>> places;
        bool stack = false;
        for (const auto& i : r.items) {
            const auto x = margin_ + static_cast<sal_Int32>(i.left * inner + 0.5);
            const auto w = std::max<sal_Int32>(1, static_cast<sal_Int32>(i.width * inner + 0.5));
            places.push_back({x, w});
            stack = stack || (i.button && r.items.size() > 1 && preferred_width(i.control) > w + kButtonRoom);
        }
        if (stack) {
            for (std::size_t k = 0; k < r.items.size(); ++k) {
                const sal_Int32 h = height_of(r.items[k], inner);
                put(r.items[k], margin_, y, inner, h);
                y += h + (k + 1 < r.items.size() ? kStackGap : 0);
            }
            continue;
        }
        sal_Int32 row_height = 0;
        for (std::size_t k = 0; k < r.items.size(); ++k) row_height = std::max(row_height, height_of(r.items[k], places[k].second));
        for (std::size_t k = 0; k < r.items.size(); ++k)
            put(r.items[k], places[k].first, y, places[k].second, r.items[k].label ? row_height : height_of(r.items[k], places[k].second));
        y += row_height;
    }
    return y + margin_;
}

}  // namespace crm_uno
