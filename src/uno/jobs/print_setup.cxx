// The schedule sheet's print setup: its own landscape page style, repeated header row, breaks, footer.
#include "jobs/print_setup.hxx"

#include <com/sun/star/awt/Size.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/container/XNameContainer.hpp>
#include <com/sun/star/lang/XMultiServiceFactory.hpp>
#include <com/sun/star/sheet/XHeaderFooterContent.hpp>
#include <com/sun/star/sheet/XPrintAreas.hpp>
#include <com/sun/star/style/XStyleFamiliesSupplier.hpp>
#include <com/sun/star/table/CellRangeAddress.hpp>
#include <com/sun/star/table/XCellRange.hpp>
#include <com/sun/star/table/XColumnRowRange.hpp>
#include <com/sun/star/table/XTableRows.hpp>
#include <com/sun/star/text/XText.hpp>
#include <com/sun/star/text/XTextContent.hpp>
#include <com/sun/star/text/XTextCursor.hpp>
#include <com/sun/star/sheet/XCellRangeAddressable.hpp>
#include <com/sun/star/container/XIndexAccess.hpp>

#include "shared/text.hxx"

namespace crm_uno {

using css::uno::Any;
using css::uno::Reference;
using css::uno::UNO_QUERY;
using css::uno::UNO_QUERY_THROW;
using ::rtl::OUString;

namespace {

constexpr const char* kPageStyle = "CRM schedule";

/// The footer: "<sheet name> · <page word> <page> / <pages>", centred; with a `title`, "<title> · <page word> …".
void write_footer(const Reference<css::beans::XPropertySet>& style, const Reference<css::lang::XMultiServiceFactory>& factory,
                  const std::string& title, const std::string& page_word) {
    style->setPropertyValue("FooterIsOn", Any(true));
    for (const char* which : {"RightPageFooterContent", "LeftPageFooterContent"}) {
        Reference<css::sheet::XHeaderFooterContent> content(style->getPropertyValue(OUString::createFromAscii(which)), UNO_QUERY);
        if (!content.is()) continue;
        for (const auto& side : {content->getLeftText(), content->getRightText()}) side->setString(OUString());
        const Reference<css::text::XText> centre = content->getCenterText();
        centre->setString(OUString());
        // The fields go in through a cursor of the footer's own text (Calc refuses any other range).
        const Reference<css::text::XTextCursor> at = centre->createTextCursor();
        const auto field = [&](const char* service) {
            Reference<css::text::XTextContent> f(factory->createInstance(OUString::createFromAscii(service)), UNO_QUERY_THROW);
            at->gotoEnd(false);
            centre->insertTextContent(Reference<css::text::XTextRange>(at, UNO_QUERY_THROW), f, false);
        };
        const auto words = [&](const std::string& text) {
            at->gotoEnd(false);
            centre->insertString(Reference<css::text::XTextRange>(at, UNO_QUERY_THROW), to_ou(text), false);
        };
        if (title.empty()) field("com.sun.star.text.TextField.SheetName");
        else words(title);
        words(" \u00b7 " + page_word + " ");
        field("com.sun.star.text.TextField.PageNumber");
        words(" / ");
        field("com.sun.star.text.TextField.PageCount");
        style->setPropertyValue(OUString::createFromAscii(which), Any(content));
    }
}

}  // namespace

OUString landscape_page_style(const css::uno::Reference<css::frame::XModel>& document, const OUString& name,
                              const std::string& title, const std::string& page_word) {
    const Reference<css::container::XNameAccess> families =
        Reference<css::style::XStyleFamiliesSupplier>(document, UNO_QUERY_THROW)->getStyleFamilies();
    const Reference<css::container::XNameContainer> pages(families->getByName("PageStyles"), UNO_QUERY_THROW);
    if (pages->hasByName(name)) return name;
    const Reference<css::lang::XMultiServiceFactory> factory(document, UNO_QUERY_THROW);
    const Reference<css::beans::XPropertySet> style(factory->createInstance("com.sun.star.style.PageStyle"), UNO_QUERY_THROW);
    pages->insertByName(name, Any(style));
    css::awt::Size paper;
    Reference<css::beans::XPropertySet>(pages->getByName("Default"), UNO_QUERY_THROW)->getPropertyValue("Size") >>= paper;
    if (paper.Width > paper.Height) std::swap(paper.Width, paper.Height);
    style->setPropertyValue("IsLandscape", Any(true));
    style->setPropertyValue("Width", Any(paper.Height));
    style->setPropertyValue("Height", Any(paper.Width));
    style->setPropertyValue("HeaderIsOn", Any(false));
    // The schedule's 16 columns on one page's width, as many pages down as the visits need.
    style->setPropertyValue("ScaleToPagesX", Any(sal_Int16(1)));
    style->setPropertyValue("ScaleToPagesY", Any(sal_Int16(0)));
    // Page numbers run on across the sheets (Calc's default, 1, restarts them at each sheet: the PDF of a sheet
    // per rep and month would read "page 1 / 120" on every page).
    style->setPropertyValue("FirstPageNumber", Any(sal_Int16(0)));
    write_footer(style, factory, title, page_word);
    return name;
}

void set_up_schedule_print(const css::uno::Reference<css::frame::XModel>& document,
                           const css::uno::Reference<css::sheet::XSpreadsheet>& sheet, std::size_t columns,
                           const std::vector<std::string>& groups, const std::string& page_word) {
    Reference<css::beans::XPropertySet>(sheet, UNO_QUERY_THROW)->setPropertyValue("PageStyle", Any(landscape_page_style(document, OUString::createFromAscii(kPageStyle), std::string(), page_word)));
    const Reference<css::sheet::XCellRangeAddressable> addressable(sheet, UNO_QUERY_THROW);
    const sal_Int16 tab = addressable->getRangeAddress().Sheet;
    const Reference<css::sheet::XPrintAreas> print(sheet, UNO_QUERY_THROW);
    // The schedule's columns alone: the missing visits and the picture beside it are not the rep's pages.
    const css::table::CellRangeAddress area(tab, 0, 0, static_cast<sal_Int32>(columns) - 1, static_cast<sal_Int32>(groups.size()));
    print->setPrintAreas(css::uno::Sequence<css::table::CellRangeAddress>(&area, 1));
    print->setTitleRows(css::table::CellRangeAddress(tab, 0, 0, static_cast<sal_Int32>(columns) - 1, 0));
    print->setPrintTitleRows(true);
    // A manual break above the first row of each group (row 1 + i holds groups[i]).
    const Reference<css::table::XTableRows> rows = Reference<css::table::XColumnRowRange>(sheet, UNO_QUERY_THROW)->getRows();
    for (std::size_t i = 1; i < groups.size(); ++i)
        if (groups[i] != groups[i - 1])
            Reference<css::beans::XPropertySet>(rows->getByIndex(static_cast<sal_Int32>(i + 1)), UNO_QUERY_THROW)
                ->setPropertyValue("IsStartOfNewPage", Any(true));
}

}  // namespace crm_uno
