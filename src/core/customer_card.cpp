// The customer card (spec wizard.md "Customer card and sharing"): the tables of a run indexed once by customer
// id; a card then reads only the customer's own rows.
#include "crm/customer_card.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <unordered_set>

#include "crm/error.hpp"
#include "crm/schedule_sheet.hpp"
#include "crm/text_values.hpp"
#include "crm/transactions.hpp"

namespace crm {

namespace {

std::optional<std::size_t> column_of(const column_mapping& m, column_role role) {
    const auto found = m.columns.find(role);
    return found == m.columns.end() ? std::nullopt : std::optional<std::size_t>(found->second);
}

std::size_t schedule_at(schedule_column c) { return static_cast<std::size_t>(c); }

}  // namespace

customer_card_index::customer_card_index(card_sources sources) : sources_(std::move(sources)) {
    const customers_layout& layout = sources_.layout;
    const auto id_found = layout.columns.find(card_field::id);
    require(id_found != layout.columns.end(), "customer_card_index: the Customers sheet's layout has no id column");
    const table& customers = sources_.customers.cells;
    for (std::size_t r = layout.header_row + 1; r < customers.size(); ++r) {
        std::string id = text_of(cell_at(customers, r, id_found->second));
        if (!id.empty()) customer_rows_.emplace(std::move(id), r);  // the first row of an id is his
    }
    id_columns_.push_back({sources_.customers.name, &customers, id_found->second, layout.header_row + 1});

    if (sources_.customer_sheet) {
        const auto m = detail::mapping_with_overrides(sources_.customer_sheet->cells, sheet_kind::customers,
                                                      sources_.customer_options);
        source_headers_ = header_texts(sources_.customer_sheet->cells, m.header_row);
        for (const auto role : {column_role::id, column_role::name})
            if (const auto c = column_of(m, role)) source_named_.push_back(*c);
        if (const auto id = column_of(m, column_role::id))
            id_columns_.push_back({sources_.customer_sheet->name, &sources_.customer_sheet->cells, *id, m.header_row + 1});
    }

    // The order log: its columns as the analysis reads them (crm::aggregate_transactions' detection), then each
    // customer's rows in sheet order.
    if (sources_.orders) {
        const table& t = sources_.orders->cells;
        order_mapping_ = detail::mapping_with_overrides(t, sheet_kind::transactions, sources_.order_options);
        const auto id = column_of(order_mapping_, column_role::customer_id);
        order_date_ = column_of(order_mapping_, column_role::date);
        order_amount_ = column_of(order_mapping_, column_role::amount);
        order_quantity_ = column_of(order_mapping_, column_role::quantity);
        order_price_ = column_of(order_mapping_, column_role::unit_price);
        order_product_ = column_of(order_mapping_, column_role::product);
        if (id && order_date_) {
            for (std::size_t r = order_mapping_.header_row + 1; r < t.size(); ++r) {
                std::string customer = text_of(cell_at(t, r, *id));
                if (!customer.empty()) order_rows_[std::move(customer)].push_back(r);
            }
            id_columns_.push_back({sources_.orders->name, &t, *id, order_mapping_.header_row + 1});
        }
    }

    // The schedule: the columns of its contract (crm::schedule_column), one visit a row below the header row.
    for (std::size_t s = 0; s < sources_.schedules.size(); ++s) {
        const table& t = sources_.schedules[s].cells;
        for (std::size_t r = 1; r < t.size(); ++r) {
            if (read_number(cell_at(t, r, schedule_at(schedule_column::date))).status != cell_status::value) continue;
            std::string customer = text_of(cell_at(t, r, schedule_at(schedule_column::customer_id)));
            if (!customer.empty()) visit_rows_[std::move(customer)].emplace_back(s, r);
        }
        id_columns_.push_back({sources_.schedules[s].name, &t, schedule_at(schedule_column::customer_id), 1});
    }
}

std::optional<card_order> customer_card_index::order_at(std::size_t r) const {
    const table& t = sources_.orders->cells;
    std::vector<problem> ignored;  // a row the analysis could not read is listed by it, not here
    const auto date = detail::read_reported(t, order_mapping_, r, *order_date_, true, sources_.order_options, ignored);
    if (!date) return std::nullopt;
    card_order o;
    o.date = std::floor(*date);
    o.row = r + 1;
    if (order_amount_) {
        o.amount = detail::read_reported(t, order_mapping_, r, *order_amount_, false, sources_.order_options, ignored);
    } else if (order_quantity_ && order_price_) {
        const auto q = detail::read_reported(t, order_mapping_, r, *order_quantity_, false, sources_.order_options, ignored);
        const auto p = detail::read_reported(t, order_mapping_, r, *order_price_, false, sources_.order_options, ignored);
        if (q && p) o.amount = *q * *p;
    }
    if (order_product_) o.product = text_of(cell_at(t, r, *order_product_));
    return o;
}

std::optional<customer_card> customer_card_index::card(std::string_view id, double today) const {
    const std::string key(id);
    const auto found = customer_rows_.find(key);
    if (found == customer_rows_.end()) return std::nullopt;
    customer_card card;
    card.id = key;
    const customers_layout& layout = sources_.layout;
    const table& customers = sources_.customers.cells;
    const std::size_t row = found->second;

    // The Customers row: the named fields, then every other column under its header.
    std::unordered_set<std::size_t> named(layout.hidden.begin(), layout.hidden.end());
    if (layout.source_row) named.insert(*layout.source_row);
    for (const auto& [field, column] : layout.columns) {
        named.insert(column);
        const cell& value = cell_at(customers, row, column);
        if (!is_blank(value)) card.fields.emplace(field, value);
    }
    std::unordered_set<std::string> shown;
    const std::vector<std::string> headers = header_texts(customers, layout.header_row);
    for (std::size_t c = 0; c < headers.size(); ++c) {
        shown.insert(normalize_header(headers[c]));
        const cell& value = cell_at(customers, row, c);
        if (named.count(c) || is_blank(value) || headers[c].empty()) continue;
        card.details.push_back({headers[c], value});
    }
    // His row of the customer sheet: the columns the Customers sheet does not carry (contact, buyer, notes…).
    if (sources_.customer_sheet && layout.source_row) {
        const auto source_row = read_number(cell_at(customers, row, *layout.source_row));
        const table& t = sources_.customer_sheet->cells;
        if (source_row.status == cell_status::value && source_row.value >= 1 && source_row.value <= static_cast<double>(t.size())) {
            const auto r = static_cast<std::size_t>(source_row.value) - 1;
            const std::vector<std::string>& source_headers = source_headers_;
            for (std::size_t c = 0; c < source_headers.size(); ++c) {
                const cell& value = cell_at(t, r, c);
                if (is_blank(value) || source_headers[c].empty()) continue;
                if (std::find(source_named_.begin(), source_named_.end(), c) != source_named_.end()) continue;
                if (!shown.insert(normalize_header(source_headers[c])).second) continue;
                card.details.push_back({source_headers[c], value});
            }
        }
    }

    // His orders: all lines for the products, the latest ten for the list (ties: the later row first).
    if (const auto orders = order_rows_.find(key); orders != order_rows_.end()) {
        std::vector<card_order> all;
        all.reserve(orders->second.size());
        for (const std::size_t r : orders->second)
            if (auto o = order_at(r)) all.push_back(std::move(*o));
        card.orders = all.size();
        std::map<std::string, std::size_t> products;
        for (const auto& o : all)
            if (!o.product.empty()) ++products[o.product];
        for (const auto& [product, count] : products) card.products.push_back({product, count});
        std::stable_sort(card.products.begin(), card.products.end(),
                         [](const card_product& a, const card_product& b) { return a.orders > b.orders; });
        std::sort(all.begin(), all.end(), [](const card_order& a, const card_order& b) {
            return std::tie(a.date, a.row) > std::tie(b.date, b.row);
        });
        if (all.size() > card_list_length) all.resize(card_list_length);
        card.last_orders = std::move(all);
    }

    // His visits: done when marked so or dated before today; the rest are to come.
    if (const auto visits = visit_rows_.find(key); visits != visit_rows_.end()) {
        for (const auto& [s, r] : visits->second) {
            const table& t = sources_.schedules[s].cells;
            card_visit v;
            v.date = std::floor(read_number(cell_at(t, r, schedule_at(schedule_column::date))).value);
            v.rep = text_of(cell_at(t, r, schedule_at(schedule_column::rep)));
            v.purpose = text_of(cell_at(t, r, schedule_at(schedule_column::purpose)));
            v.sheet = sources_.schedules[s].name;
            v.row = r + 1;
            const bool done = is_done_mark(text_of(cell_at(t, r, schedule_at(schedule_column::done)))) || v.date < std::floor(today);
            (done ? card.visits_done : card.next_visits).push_back(std::move(v));
        }
        const auto by_date = [](const card_visit& a, const card_visit& b) { return std::tie(a.date, a.row) < std::tie(b.date, b.row); };
        std::sort(card.visits_done.begin(), card.visits_done.end(), [&](const card_visit& a, const card_visit& b) { return by_date(b, a); });
        std::sort(card.next_visits.begin(), card.next_visits.end(), by_date);
        card.visits_done_count = card.visits_done.size();
        card.next_visits_count = card.next_visits.size();
        if (card.visits_done.size() > card_list_length) card.visits_done.resize(card_list_length);
        if (card.next_visits.size() > card_list_length) card.next_visits.resize(card_list_length);
    }
    return card;
}

std::optional<std::string> customer_card_index::id_at(std::string_view sheet, std::size_t row) const {
    for (const auto& source : id_columns_) {
        if (source.sheet != sheet || row < source.first_row) continue;
        std::string id = text_of(cell_at(*source.cells, row, source.column));
        if (!id.empty() && customer_rows_.count(id)) return id;
        return std::nullopt;
    }
    return std::nullopt;
}

std::vector<std::string> customer_card_index::sheets() const {
    std::vector<std::string> names;
    for (const auto& source : id_columns_) names.push_back(source.sheet);
    return names;
}

}  // namespace crm
