// Tests of crm/customer_card.hpp: CDNOW's whole log against an independent reading of its file, and a small run's
// sheets (customer sheet with a profile column, schedule with done and coming visits).
#include "crm/customer_card.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include "crm/error.hpp"
#include "crm/text_values.hpp"
#include "crm/transactions.hpp"

namespace {

using crm::cell;
using crm::table;

struct raw_order {
    double day;
    double dollars;
    std::size_t line;
};

/// CDNOW_master.txt as a sheet (yyyymmdd numbers, as the file has them), and its orders read independently.
struct cdnow_log {
    table sheet;
    std::map<std::string, std::vector<raw_order>> orders;
};

const cdnow_log& cdnow() {
    static const cdnow_log log = [] {
        cdnow_log out;
        std::ifstream in(std::string(CRM_DATA_DIR) + "/cdnow/CDNOW_master.txt");
        std::string line;
        std::getline(in, line);
        out.sheet.push_back({cell(std::string("customer_id")), cell(std::string("date")), cell(std::string("number_of_cds")),
                             cell(std::string("dollar_value"))});
        while (std::getline(in, line)) {
            std::istringstream fields(line);
            std::string id;
            double day = 0, cds = 0, dollars = 0;
            if (!(fields >> id >> day >> cds >> dollars)) continue;
            out.sheet.push_back({cell(id), cell(day), cell(cds), cell(dollars)});
            const int d = static_cast<int>(day);
            out.orders[id].push_back({crm::serial_date(d / 10000, d / 100 % 100, d % 100), dollars, out.sheet.size()});
        }
        return out;
    }();
    return log;
}

/// A Customers sheet of the log's customers, as the core reads them: id, tier (a stand-in letter), orders.
crm::card_sources cdnow_sources() {
    const cdnow_log& log = cdnow();
    const crm::customer_read read = crm::customers_from_orders(log.sheet);
    crm::card_sources s;
    s.customers.name = "Customers";
    s.customers.cells.push_back({cell(std::string("ID")), cell(std::string("Tier")), cell(std::string("Sales 1998"))});
    for (const auto& c : read.customers) s.customers.cells.push_back({cell(c.id), cell(std::string("C")), cell(c.sales)});
    s.layout.columns = {{crm::card_field::id, 0}, {crm::card_field::tier, 1}};
    s.orders = crm::named_table{"CDNOW", log.sheet};
    return s;
}

TEST(CustomerCard, CdnowWholeLogMatchesTheFile) {
    const cdnow_log& log = cdnow();
    ASSERT_EQ(log.sheet.size(), 69660u);
    ASSERT_EQ(log.orders.size(), 23570u);
    const crm::customer_card_index index(cdnow_sources());
    EXPECT_EQ(index.customers(), 23570u);
    std::size_t checked = 0;
    for (const auto& [id, orders] : log.orders) {
        if (checked++ % 97 != 0 && orders.size() < 20) continue;  // every 97th customer, and every big buyer
        const auto card = index.card(id, crm::serial_date(1998, 7, 1));
        ASSERT_TRUE(card) << id;
        EXPECT_EQ(card->orders, orders.size()) << id;
        std::vector<raw_order> latest = orders;
        std::sort(latest.begin(), latest.end(), [](const raw_order& a, const raw_order& b) {
            return std::tie(a.day, a.line) > std::tie(b.day, b.line);
        });
        ASSERT_EQ(card->last_orders.size(), std::min<std::size_t>(orders.size(), crm::card_list_length)) << id;
        for (std::size_t k = 0; k < card->last_orders.size(); ++k) {
            EXPECT_EQ(card->last_orders[k].date, latest[k].day) << id;
            ASSERT_TRUE(card->last_orders[k].amount) << id;
            EXPECT_DOUBLE_EQ(*card->last_orders[k].amount, latest[k].dollars) << id;
            EXPECT_EQ(card->last_orders[k].row, latest[k].line) << id;
        }
        EXPECT_TRUE(card->products.empty());  // the log has no product column
        EXPECT_EQ(std::get<std::string>(card->fields.at(crm::card_field::tier)), "C");
        ASSERT_EQ(card->details.size(), 1u);
        EXPECT_EQ(card->details[0].header, "Sales 1998");
    }
    EXPECT_FALSE(index.card("99999", 0));
    EXPECT_FALSE(index.card("1", 0));  // ids compare as the sheet shows them: "00001"
    EXPECT_TRUE(index.card("00001", 0));
    // The customer of a selected row, on the Customers sheet and on the order log.
    EXPECT_EQ(index.id_at("CDNOW", 1), "00001");
    EXPECT_EQ(index.id_at("Customers", 1), "00001");
    EXPECT_FALSE(index.id_at("CDNOW", 0));  // the header row
    EXPECT_FALSE(index.id_at("Summary", 1));
}

table small_customer_sheet() {
    auto t = [](const char* s) { return cell(std::string(s)); };
    return {{t("Code client"), t("Nom"), t("CA 2025"), t("Contact"), t("Acheteur"), t("Notes")},
            {t("C1"), t("Boulangerie Rivet"), cell(1200.0), t("Mme Rivet"), t(""), t("vend aussi Lavazza")},
            {t("C2"), t("Café du Port"), cell(300.0), t("M. Le Goff"), t("gérant"), t("")}};
}

crm::card_sources small_sources() {
    auto t = [](const char* s) { return cell(std::string(s)); };
    crm::card_sources s;
    s.customers.name = "Clients";
    s.customers.cells = {{t("ID"), t("Nom"), t("Catégorie"), t("CA 2025"), t("Ligne source"), t("handle")},
                         {t("C2"), t("Café du Port"), t("C"), cell(300.0), cell(3.0), t("CRM column")},
                         {t("C1"), t("Boulangerie Rivet"), t("A"), cell(1200.0), cell(2.0), t("")}};
    s.layout.columns = {{crm::card_field::id, 0}, {crm::card_field::name, 1}, {crm::card_field::tier, 2}};
    s.layout.source_row = 4;
    s.layout.hidden = {5};
    s.customer_sheet = crm::named_table{"Source", small_customer_sheet()};
    s.orders = crm::named_table{"Commandes",
                                {{t("Client"), t("Date"), t("Montant"), t("Produit")},
                                 {t("C1"), t("2025-01-03"), cell(100.0), t("Café")},
                                 {t("C2"), t("2025-01-04"), cell(50.0), t("Thé")},
                                 {t("C1"), t("2025-02-03"), t("1 200,50 €"), t("Thé")},
                                 {t("C1"), t("2025-03-03"), cell(80.0), t("Café")}}};
    const double jan = crm::serial_date(2026, 1, 12), feb = crm::serial_date(2026, 2, 9), mar = crm::serial_date(2026, 3, 9);
    table visits{{t("Date"), t("Jour"), t("Commercial"), t("Arrêt"), t("ID"), t("Nom"), t("Catégorie"), t("Objet"),
                  t("km"), t("Arrivée"), t("Fait")}};
    visits.push_back({cell(jan), t("lun."), t("Anne"), cell(1.0), t("C1"), t("Boulangerie Rivet"), t("A"), t("Écouter"),
                      t(""), cell(0.4), t("x")});
    visits.push_back({cell(feb), t("lun."), t("Anne"), cell(1.0), t("C1"), t("Boulangerie Rivet"), t("A"), t("Promouvoir"),
                      t(""), cell(0.4), t("")});
    visits.push_back({cell(mar), t("lun."), t("Anne"), cell(1.0), t("C1"), t("Boulangerie Rivet"), t("A"), t("Écouter"),
                      t(""), cell(0.4), t("")});
    s.schedules.push_back({"Visites 2026", visits});
    return s;
}

TEST(CustomerCard, RecordProfileOrdersProductsAndVisits) {
    const crm::customer_card_index index(small_sources());
    const auto card = index.card("C1", crm::serial_date(2026, 2, 1));
    ASSERT_TRUE(card);
    EXPECT_EQ(std::get<std::string>(card->fields.at(crm::card_field::name)), "Boulangerie Rivet");
    EXPECT_EQ(std::get<std::string>(card->fields.at(crm::card_field::tier)), "A");
    // The rest of the Customers row, then the source row's columns the Customers sheet lacks (blank ones left out);
    // the source row and the handle are the sheet's machinery, never shown.
    std::vector<std::string> headers;
    for (const auto& d : card->details) headers.push_back(d.header);
    EXPECT_EQ(headers, (std::vector<std::string>{"CA 2025", "Contact", "Notes"}));
    EXPECT_EQ(std::get<std::string>(card->details[1].value), "Mme Rivet");
    EXPECT_EQ(std::get<std::string>(card->details[2].value), "vend aussi Lavazza");
    // Orders latest first, the amount read as a person reads it.
    ASSERT_EQ(card->orders, 3u);
    ASSERT_EQ(card->last_orders.size(), 3u);
    EXPECT_EQ(card->last_orders[0].date, crm::serial_date(2025, 3, 3));
    EXPECT_EQ(card->last_orders[1].product, "Thé");
    EXPECT_DOUBLE_EQ(*card->last_orders[1].amount, 1200.5);
    ASSERT_EQ(card->products.size(), 2u);
    EXPECT_EQ(card->products[0].product, "Café");
    EXPECT_EQ(card->products[0].orders, 2u);
    // January's visit marked done; February's and March's still to come on 1 February.
    ASSERT_EQ(card->visits_done.size(), 1u);
    EXPECT_EQ(card->visits_done[0].date, crm::serial_date(2026, 1, 12));
    ASSERT_EQ(card->next_visits.size(), 2u);
    EXPECT_EQ(card->next_visits[0].date, crm::serial_date(2026, 2, 9));
    EXPECT_EQ(card->next_visits[0].rep, "Anne");
    EXPECT_EQ(card->next_visits[0].sheet, "Visites 2026");
    // On 1 March, February's visit is past: done.
    EXPECT_EQ(index.card("C1", crm::serial_date(2026, 3, 1))->visits_done_count, 2u);

    const auto other = index.card("C2", crm::serial_date(2026, 2, 1));
    ASSERT_TRUE(other);
    std::vector<std::string> other_headers;
    for (const auto& d : other->details) other_headers.push_back(d.header);
    EXPECT_EQ(other_headers, (std::vector<std::string>{"CA 2025", "Contact", "Acheteur"}));
    EXPECT_TRUE(other->next_visits.empty());
    EXPECT_EQ(other->orders, 1u);

    // The customer of a selected row in each sheet that holds ids.
    EXPECT_EQ(index.id_at("Source", 2), "C2");
    EXPECT_EQ(index.id_at("Commandes", 3), "C1");
    EXPECT_EQ(index.id_at("Visites 2026", 1), "C1");
    EXPECT_EQ(index.id_at("Clients", 2), "C1");
    EXPECT_FALSE(index.id_at("Clients", 7));
    EXPECT_FALSE(index.card("C3", 0));
}

TEST(CustomerCard, LayoutWithoutIdIsRefused) {
    crm::card_sources s;
    s.customers.cells = {{cell(std::string("ID"))}};
    EXPECT_THROW(crm::customer_card_index{std::move(s)}, crm::error);
}

}  // namespace
