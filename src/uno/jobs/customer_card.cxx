// customerCard: one customer's card (spec wizard.md "Customer card and sharing") from the latest run's sheets. The
// sheets are read once per document and indexed in the core (crm::customer_card_index); the index is kept until
// the document changes (a modify listener) or closes, so a panel that follows the selection answers at once.
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <com/sun/star/document/XEventListener.hpp>
#include <com/sun/star/lang/XComponent.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/util/XModifyBroadcaster.hpp>
#include <com/sun/star/util/XModifyListener.hpp>
#include <com/sun/star/table/XCellRange.hpp>
#include <cppuhelper/implbase1.hxx>
#include <fmt/format.h>

#include "addin_strings.hxx"
#include "crm/customer_card.hpp"
#include "crm/icalendar.hpp"
#include "crm/schedule_sheet.hpp"
#include "crm/text_values.hpp"
#include "crm/transactions.hpp"
#include "jobs/customer_jobs.hxx"
#include "jobs/customers_sheet.hxx"
#include "jobs/job_common.hxx"
#include "shared/options.hxx"
#include "shared/sheet_io.hxx"

namespace crm_uno {

using css::uno::Any;
using css::uno::Reference;
using css::uno::Sequence;
using ::rtl::OUString;

namespace {

constexpr sal_Int32 kLastColumn = 1023, kLastRow = 1048575;  // Calc 7.4's sheet

const std::vector<std::string> kCardOptions{"CustomerSheet", "TransactionSheet", "Columns", "Today", "Sheet", "Row"};

/// The name a sheet of analyze's has in some language, alone or numbered ("Customers", "Clients (2)").
bool is_named(const std::string& name, const char* const (&texts)[4]) {
    for (const char* text : texts) {
        const std::string base(text);
        if (name == base) return true;
        if (name.size() > base.size() + 3 && name.compare(0, base.size() + 2, base + " (") == 0 && name.back() == ')') return true;
    }
    return false;
}

bool header_is(const crm::table& t, std::size_t column, const char* const (&texts)[4]) {
    const std::string header = crm::text_of(crm::cell_at(t, 0, column));
    for (const char* text : texts)
        if (header == text) return true;
    return false;
}

/// A Customers sheet written by analyze: its machinery columns carry their headers in one of the languages.
bool is_customers_sheet(const crm::table& t) {
    using namespace customers_columns;
    return header_is(t, source_row, text::head_source_row) && header_is(t, handle, text::head_handle);
}

/// Where analyze's Customers sheet keeps the card's fields (customers_sheet.hxx, the one home of its columns).
crm::customers_layout customers_layout() {
    using namespace customers_columns;
    using f = crm::card_field;
    crm::customers_layout layout;
    layout.columns = {{f::id, id}, {f::name, name}, {f::tier, tier}, {f::tier_reason, reason}, {f::rfm, rfm},
                      {f::segment, segment}, {f::p_active, palive}, {f::expected_purchases, expected_purchases},
                      {f::lifetime_value, clv}, {f::lifetime_profit, lifetime_profit}, {f::profit, profit},
                      {f::action, action}, {f::next_visit, next_visit}};
    layout.source_row = source_row;
    layout.hidden = {handle};
    for (std::size_t k = params; k < customers_width; ++k) layout.hidden.push_back(k);
    return layout;
}

/// The tables of the document's latest run, read once.
std::shared_ptr<const crm::customer_card_index> read_run(const Reference<css::sheet::XSpreadsheetDocument>& doc,
                                                         const job_options& opts, language lang) {
    crm::card_sources sources;
    const std::vector<std::string> names = sheet_names(doc);
    const std::vector<std::string> patterns = schedule_patterns();
    std::vector<std::string> outputs;  // the sheets of calc-crm's runs, never a source
    for (const auto& name : names) {
        if (is_named(name, text::sheet_summary) || is_named(name, text::sheet_model_check) ||
            crm::read_schedule_name(name, patterns)) {
            outputs.push_back(name);
            continue;
        }
        if (!is_named(name, text::sheet_customers)) continue;
        crm::table t = read_used_area(sheet_named(doc, name));
        if (!is_customers_sheet(t)) continue;  // a user's own sheet called Customers: a source
        outputs.push_back(name);
        sources.customers = {name, std::move(t)};  // the last one is the latest run's
    }
    if (sources.customers.name.empty()) throw refusal(text::error_no_analysis, lang);
    sources.layout = customers_layout();

    // The customer sheet and the orders, as analyze chose them (its options may name them).
    const auto is_output = [&](const std::string& name) {
        return std::find(outputs.begin(), outputs.end(), name) != outputs.end();
    };
    std::optional<std::string> order_sheet;
    if (auto named = opts.text("CustomerSheet")) {
        const auto sheet = sheet_named(doc, *named);
        if (!sheet.is()) throw refusal(text::error_no_sheet_named, lang, fmt::arg("sheet", crm::bounded_text(*named, 64)));
        crm::table t = read_used_area(sheet);
        if (crm::is_order_log(t)) {
            order_sheet = *named;
            sources.orders = crm::named_table{*named, std::move(t)};
        } else {
            sources.customer_options = column_overrides(opts, t, *named, lang);
            sources.customer_sheet = crm::named_table{*named, std::move(t)};
        }
    }
    const auto transactions = opts.text("TransactionSheet");  // "" says: none
    if (transactions && !transactions->empty()) {
        const auto sheet = sheet_named(doc, *transactions);
        if (!sheet.is()) throw refusal(text::error_no_sheet_named, lang, fmt::arg("sheet", crm::bounded_text(*transactions, 64)));
        sources.orders = crm::named_table{*transactions, read_used_area(sheet)};
    }
    const bool want_orders = !sources.orders && !transactions;
    const bool want_customers = !sources.customer_sheet && !order_sheet;
    for (const auto& name : names) {
        if (is_output(name) || (!want_orders && !want_customers)) continue;
        if (sources.customer_sheet && name == sources.customer_sheet->name) continue;
        crm::table t = read_used_area(sheet_named(doc, name));
        if (crm::is_order_log(t) || (crm::is_transactions_sheet(t) && sources.customer_sheet)) {
            if (want_orders && !sources.orders) sources.orders = crm::named_table{name, std::move(t)};
            continue;
        }
        if (want_customers && !sources.customer_sheet && crm::read_customers(t).mapping.columns.count(crm::column_role::sales)) {
            sources.customer_options = column_overrides(opts, t, name, lang);
            sources.customer_sheet = crm::named_table{name, std::move(t)};
        } else if (want_orders && !sources.orders && crm::is_transactions_sheet(t)) {
            sources.orders = crm::named_table{name, std::move(t)};
        }
    }
    // The latest schedule (its parts when it was split), as exportCalendar reads it.
    for (const std::size_t i : crm::latest_schedule(names, patterns))
        sources.schedules.push_back({names[i], read_used_area(sheet_named(doc, names[i]))});
    return std::make_shared<const crm::customer_card_index>(std::move(sources));
}

/// The indexes of open documents, each dropped when its document changes or closes.
class card_cache {
public:
    static card_cache& instance() {
        static card_cache* cache = new card_cache;  // never destroyed: listeners may call it at exit
        return *cache;
    }
    std::shared_ptr<const crm::customer_card_index> find(const void* document, const std::string& key) {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto found = entries_.find(document);
        return found != entries_.end() && found->second.key == key ? found->second.index : nullptr;
    }
    void keep(const Reference<css::frame::XModel>& document, const std::string& key,
              std::shared_ptr<const crm::customer_card_index> index);
    void drop(const void* document);

private:
    struct entry {
        std::string key;  ///< the options it was read with
        std::shared_ptr<const crm::customer_card_index> index;
        std::vector<Reference<css::util::XModifyBroadcaster>> sheets;  ///< listened to
        Reference<css::util::XModifyListener> listener;
    };
    std::mutex mutex_;
    std::map<const void*, entry> entries_;
    std::map<const void*, bool> listening_;
};

/// Drops a document's index when it is modified (a cell, a sheet, a run) or disposed.
class card_invalidator : public cppu::WeakImplHelper1<css::util::XModifyListener> {
public:
    explicit card_invalidator(const void* document) : document_(document) {}
    void SAL_CALL modified(const css::lang::EventObject&) override { card_cache::instance().drop(document_); }
    void SAL_CALL disposing(const css::lang::EventObject&) override { card_cache::instance().drop(document_); }

private:
    const void* document_;
};

void card_cache::keep(const Reference<css::frame::XModel>& document, const std::string& key,
                      std::shared_ptr<const crm::customer_card_index> index) {
    const void* id = Reference<css::uno::XInterface>(document, css::uno::UNO_QUERY).get();
    const Reference<css::sheet::XSpreadsheetDocument> doc(document, css::uno::UNO_QUERY);
    // A cell edited in a sheet the index read tells that sheet's modify listeners (the document's own tells only
    // its first modification); the sheet names in the key tell sheets added, removed or renamed.
    std::vector<Reference<css::util::XModifyBroadcaster>> sheets;
    for (const auto& name : index->sheets()) {
        const auto sheet = sheet_named(doc, name);
        if (!sheet.is()) return;
        Reference<css::util::XModifyBroadcaster> whole(
            sheet->getCellRangeByPosition(0, 0, kLastColumn, kLastRow), css::uno::UNO_QUERY);
        if (!whole.is()) return;  // no way to know it changed: nothing is kept
        sheets.push_back(whole);
    }
    const Reference<css::lang::XComponent> component(document, css::uno::UNO_QUERY);
    const Reference<css::util::XModifyListener> listener(new card_invalidator(id));
    for (const auto& s : sheets) s->addModifyListener(listener);
    std::lock_guard<std::mutex> lock(mutex_);
    if (!listening_[id] && component.is()) {
        component->addEventListener(Reference<css::lang::XEventListener>(listener, css::uno::UNO_QUERY));  // disposed: dropped
        listening_[id] = true;
    }
    entries_[id] = {key, std::move(index), std::move(sheets), listener};
}

void card_cache::drop(const void* document) {
    entry gone;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto found = entries_.find(document);
        if (found == entries_.end()) return;
        gone = std::move(found->second);
        entries_.erase(found);
    }
    for (const auto& s : gone.sheets) {  // outside the lock: the office may call back
        try {
            s->removeModifyListener(gone.listener);
        } catch (...) {
        }
    }
}

Any value_of(const crm::cell& c) {
    if (const auto* number = std::get_if<double>(&c)) return Any(*number);
    if (const auto* text = std::get_if<std::string>(&c)) return Any(to_ou(*text));
    return Any();
}

template <class Row>
Any rows_of(const std::vector<Row>& rows, std::size_t width, std::function<Any(const Row&, std::size_t)> field) {
    Sequence<Sequence<Any>> out(static_cast<sal_Int32>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        Sequence<Any> line(static_cast<sal_Int32>(width));
        for (std::size_t k = 0; k < width; ++k) line.getArray()[k] = field(rows[i], k);
        out.getArray()[i] = line;
    }
    return Any(out);
}

Any dates_of(const std::vector<crm::card_visit>& visits) {
    Sequence<double> out(static_cast<sal_Int32>(visits.size()));
    for (std::size_t i = 0; i < visits.size(); ++i) out.getArray()[i] = visits[i].date;
    return Any(out);
}

}  // namespace

customer_cards_forgotten::customer_cards_forgotten(const Reference<css::frame::XModel>& document)
    : document_(Reference<css::uno::XInterface>(document, css::uno::UNO_QUERY).get()) {
    card_cache::instance().drop(document_);
}
customer_cards_forgotten::~customer_cards_forgotten() { card_cache::instance().drop(document_); }

// XCustomerJobs
Sequence<css::beans::PropertyValue> SAL_CALL CustomerJobs::customerCard(const Reference<css::frame::XModel>& document,
                                                                        const OUString& customerId,
                                                                        const Sequence<css::beans::PropertyValue>& options) {
    return job_guarded("customerCard", context_, [&](language lang) {
        const Reference<css::sheet::XSpreadsheetDocument> doc(document, css::uno::UNO_QUERY);
        if (!doc.is()) throw refusal(text::error_not_spreadsheet, lang);
        const job_options opts(options, kCardOptions, lang);
        // The options that choose the sheets make the cache's key (Today, Sheet and Row only pick the card).
        std::string key;
        const auto text_of_any = [](const Any& v) {
            OUString text;
            double number = 0;
            if (v >>= text) return "t" + to_utf8(text);
            if (v >>= number) return "n" + crm::text_of(crm::cell(number));
            return std::string("?");
        };
        for (const char* name : {"CustomerSheet", "TransactionSheet"})
            if (const auto value = opts.text(name)) key += std::string(name) + '=' + *value + '\x1e';
        for (const auto& [role, column] : opts.named_values("Columns")) key += role + '=' + text_of_any(column) + '\x1e';
        for (const auto& name : sheet_names(doc)) key += "\x1dsheet=" + name;  // a sheet added, removed or renamed
        const void* doc_id = Reference<css::uno::XInterface>(document, css::uno::UNO_QUERY).get();
        std::shared_ptr<const crm::customer_card_index> index = card_cache::instance().find(doc_id, key);
        if (!index) {
            index = read_run(doc, opts, lang);
            card_cache::instance().keep(document, key, index);
        }

        std::string id = to_utf8(customerId);
        const auto sheet = opts.text("Sheet");
        const auto row = opts.number("Row");
        if (id.empty()) {
            if (!sheet || !row) throw refusal(text::error_card_needs_customer, lang);
            const auto found = *row >= 0 && *row < 1048576.0 ? index->id_at(*sheet, static_cast<std::size_t>(*row)) : std::nullopt;
            if (!found)
                throw refusal(text::error_card_row, lang, fmt::arg("row", crm::bounded_text(crm::text_of(crm::cell(*row + 1)), 16)),
                              fmt::arg("sheet", crm::bounded_text(*sheet, 64)));
            id = *found;
        }
        const double today = opts.number("Today").value_or(std::floor(crm::utc_now_serial()));
        const auto card = index->card(id, today);
        const std::vector<std::string> sheets = index->sheets();
        if (!card)
            throw refusal(text::error_unknown_customer, lang, fmt::arg("id", crm::bounded_text(id, 64)),
                          fmt::arg("sheet", crm::bounded_text(sheets.front(), 64)));

        using f = crm::card_field;
        const auto field = [&](f which) {
            const auto found = card->fields.find(which);
            return found == card->fields.end() ? Any() : value_of(found->second);
        };
        Sequence<css::beans::PropertyValue> details(static_cast<sal_Int32>(card->details.size()));
        for (std::size_t i = 0; i < card->details.size(); ++i) {
            details.getArray()[i].Name = to_ou(card->details[i].header);
            details.getArray()[i].Value = value_of(card->details[i].value);
        }
        const auto visits = [](const std::vector<crm::card_visit>& list) {
            return rows_of<crm::card_visit>(list, 4, [](const crm::card_visit& v, std::size_t k) -> Any {
                switch (k) {
                case 0: return Any(v.date);
                case 1: return Any(to_ou(v.rep));
                case 2: return Any(to_ou(v.purpose));
                default: return Any(to_ou(v.sheet));
                }
            });
        };
        std::vector<css::beans::PropertyValue> out{
            property("Id", Any(to_ou(card->id))),
            property("Name", field(f::name)),
            property("Tier", field(f::tier)),
            property("TierReason", field(f::tier_reason)),
            property("RFM", field(f::rfm)),
            property("Segment", field(f::segment)),
            property("PActive", field(f::p_active)),
            property("ExpectedPurchases", field(f::expected_purchases)),
            property("LifetimeValue", field(f::lifetime_value)),
            property("LifetimeProfit", field(f::lifetime_profit)),
            property("Profit", field(f::profit)),
            property("Action", field(f::action)),
            property("NextVisit", field(f::next_visit)),
            property("Details", Any(details)),
            property("LastOrders", rows_of<crm::card_order>(card->last_orders, 3, [](const crm::card_order& o, std::size_t k) -> Any {
                if (k == 0) return Any(o.date);
                if (k == 1) return o.amount ? Any(*o.amount) : Any();
                return Any(to_ou(o.product));
            })),
            property("Orders", Any(static_cast<sal_Int32>(card->orders))),
            property("ProductsBought", rows_of<crm::card_product>(card->products, 2, [](const crm::card_product& p, std::size_t k) -> Any {
                return k == 0 ? Any(to_ou(p.product)) : Any(static_cast<sal_Int32>(p.orders));
            })),
            property("VisitsDone", dates_of(card->visits_done)),
            property("NextVisits", dates_of(card->next_visits)),
            property("VisitsDoneDetails", visits(card->visits_done)),
            property("NextVisitsDetails", visits(card->next_visits)),
            property("VisitsDoneCount", Any(static_cast<sal_Int32>(card->visits_done_count))),
            property("NextVisitsCount", Any(static_cast<sal_Int32>(card->next_visits_count))),
            property("CustomersSheet", Any(to_ou(sheets.front()))),
            property("Sheets", Any(strings_of(sheets))),
        };
        return Sequence<css::beans::PropertyValue>(out.data(), static_cast<sal_Int32>(out.size()));
    });
}

}  // namespace crm_uno
