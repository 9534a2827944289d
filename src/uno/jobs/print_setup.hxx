// The schedule sheet's print setup (spec wizard.md "Customer card and sharing": the schedule prints as reps use it).
#pragma once

#include <string>
#include <vector>

#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/sheet/XSpreadsheet.hpp>

namespace crm_uno {

/// Prints `sheet` (a schedule: a header row, then `groups.size()` visit rows in columns 0..columns-1) on its own
/// landscape page style "CRM schedule" (created once per document), its print area the schedule's columns, the
/// header row repeated on every page, a row page break before each visit row whose group differs from the row
/// above's (the caller's key: the month, or the rep and the month), and the sheet's name and "page N / M" in the
/// footer. A page style cannot show a cell, so the rep and the month are read from the repeated header and the
/// rows of the page, which hold one group alone.
void set_up_schedule_print(const css::uno::Reference<css::frame::XModel>& document,
                           const css::uno::Reference<css::sheet::XSpreadsheet>& sheet, std::size_t columns,
                           const std::vector<std::string>& groups, const std::string& page_word);

/// The landscape page style `name` of `document` (made once from the default style's paper: one page wide, as
/// many down as needed, no header), its centred footer "<title> · <page word> N / M", or "<sheet name> · …" when
/// `title` is empty (the print of exportValues to .pdf gives each (rep, month) sheet its own title).
::rtl::OUString landscape_page_style(const css::uno::Reference<css::frame::XModel>& document, const ::rtl::OUString& name,
                                     const std::string& title, const std::string& page_word);

}  // namespace crm_uno
