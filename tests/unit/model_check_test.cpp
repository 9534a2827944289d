// The model check on the CDNOW sample with Fader, Hardie & Lee's (2005) split: 39 weeks of calibration
// (1997-01-01 to 1997-09-30) and 39 weeks of holdout (to 1998-06-30).
#include "crm/model_check.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "cdnow_data.hpp"
#include "crm/cell.hpp"
#include "crm/error.hpp"
#include "crm/text_values.hpp"
#include "crm/transactions.hpp"
#include "crm/value.hpp"

namespace {

struct raw_order {
    std::string id;
    int date;  // YYYYMMDD
};

std::vector<raw_order> raw_orders() {
    std::ifstream in(std::string(CRM_DATA_DIR) + "/cdnow/CDNOW_sample.txt");
    std::vector<raw_order> out;
    std::string master, id, date;
    double cds = 0, dollars = 0;
    while (in >> master >> id >> date >> cds >> dollars) out.push_back({id, std::stoi(date)});
    return out;
}

crm::table cdnow_transactions() {
    crm::table t = {{"Master ID", "Customer ID", "Date", "Quantity", "Amount"}};
    std::ifstream in(std::string(CRM_DATA_DIR) + "/cdnow/CDNOW_sample.txt");
    std::string master, id, date;
    double cds = 0, dollars = 0;
    while (in >> master >> id >> date >> cds >> dollars) t.push_back({master, id, date, cds, dollars});
    return t;
}

const crm::model_check_result& cdnow_check() {
    static const crm::model_check_result result = [] {
        const auto orders = crm::aggregate_transactions(cdnow_transactions(), crm::serial_date(1998, 6, 30));
        const double end = crm::calibration_end_for_holdout(orders.customers, 39);
        return crm::check_models(orders.customers, end);
    }();
    return result;
}

TEST(model_check, splits_cdnow_as_fader_hardie_and_lee) {
    const auto& r = cdnow_check();
    EXPECT_EQ(r.calibration_end, crm::serial_date(1997, 9, 30));
    EXPECT_DOUBLE_EQ(r.holdout_length, 39.0);
    ASSERT_EQ(r.ids.size(), 2357u);
    // Independent count: distinct purchase days per customer from the raw file; the holdout's repeat purchases
    // are the days after 1997-09-30 (every customer's first day is in the first quarter of 1997).
    std::map<std::string, std::set<int>> days;
    for (const auto& o : raw_orders()) days[o.id].insert(o.date);
    double holdout = 0, calibration = 0;
    for (const auto& [id, d] : days) {
        ASSERT_LT(*d.begin(), 19970401) << id;
        for (int day : d) (day > 19970930 ? holdout : calibration) += 1;
        calibration -= 1;  // the first day is no repeat purchase
    }
    EXPECT_EQ(r.actual_total, holdout);
    EXPECT_GT(holdout, 1000);
    // The calibration summary of `lifetimes` is what the split gives.
    const auto summary = crm::test::read_cdnow_summary();
    double x_sum = 0, summary_sum = 0;
    for (double x : r.x) x_sum += x;
    for (double x : summary.x) summary_sum += x;
    EXPECT_EQ(x_sum, summary_sum);
    EXPECT_EQ(x_sum, calibration);
    // Tracking: weekly points to the calibration end, then to the last day; the actual series ends at the total.
    ASSERT_EQ(r.tracking_days.size(), 78u);
    EXPECT_EQ(r.tracking_days[38], r.calibration_end);
    EXPECT_EQ(r.tracking_actual[38], calibration);
    EXPECT_EQ(r.tracking_actual.back(), calibration + holdout);
    double customers = 0;
    for (double c : r.frequency_actual) customers += c;
    EXPECT_EQ(customers, 2357);
    EXPECT_EQ(r.frequency_actual[0], 1411);  // FHL 2005: 1 411 of the 2 357 made no repeat purchase in calibration
}

TEST(model_check, reproduces_the_published_calibration_fits) {
    const auto& r = cdnow_check();
    ASSERT_EQ(r.models.size(), 3u);
    const auto& bg = r.models[0];
    ASSERT_TRUE(bg.fitted);
    EXPECT_NEAR(bg.parameters[0], 0.2426, 1e-3);
    EXPECT_NEAR(bg.parameters[1], 4.4135, 1e-2);
    EXPECT_NEAR(bg.parameters[2], 0.7929, 1e-3);
    EXPECT_NEAR(bg.parameters[3], 2.4258, 1e-2);
    EXPECT_NEAR(bg.log_likelihood, -9582.43, 0.05);
    const auto& pn = r.models[1];
    ASSERT_TRUE(pn.fitted);
    EXPECT_NEAR(pn.parameters[0], 0.553, 2e-3);
    EXPECT_NEAR(pn.parameters[3], 11.669, 0.05);
    EXPECT_NEAR(pn.log_likelihood, -9594.98, 0.05);
    ASSERT_TRUE(pn.standard_errors);
    EXPECT_NEAR((*pn.standard_errors)[0], 0.0476, 1e-3);
    const auto& mb = r.models[2];
    ASSERT_TRUE(mb.fitted);
    EXPECT_NEAR(mb.parameters[0], 0.525, 2e-3);
    EXPECT_NEAR(mb.parameters[2], 0.891, 5e-3);
}

TEST(model_check, predicts_the_holdout_and_the_histogram) {
    const auto& r = cdnow_check();
    for (const auto& m : r.models) {
        ASSERT_TRUE(m.fitted) << crm::model_key(m.model);
        std::printf("%s: holdout predicted %.1f of %.0f actual, MAE %.4f; tracking at the end %.1f of %.0f; 0 repeat %.1f of %.0f\n",
                    crm::model_key(m.model), m.predicted_total, r.actual_total, m.mean_absolute_error, m.tracking.back(),
                    r.tracking_actual.back(), m.frequency[0], r.frequency_actual[0]);
        // The conditional expectations of every model fall short of the holdout's repeat purchases by 12 to 16 %
        // on this sample (measured); within 20 % is what the check holds them to.
        EXPECT_NEAR(m.predicted_total / r.actual_total, 1.0, 0.2) << crm::model_key(m.model);
        double sum = 0, error = 0;
        for (std::size_t i = 0; i < m.predicted.size(); ++i) sum += m.predicted[i], error += std::abs(m.predicted[i] - r.actual[i]);
        EXPECT_NEAR(sum, m.predicted_total, 1e-6);
        EXPECT_NEAR(error / 2357, m.mean_absolute_error, 1e-9);
        EXPECT_GT(m.mean_absolute_error, 0.3);
        EXPECT_LT(m.mean_absolute_error, 1.5);
        // The unconditional tracking curve at the calibration end is close to the calibration's repeat purchases
        // (a fitted model's mean matches the data's), and rises.
        EXPECT_NEAR(m.tracking[38] / r.tracking_actual[38], 1.0, 0.05) << crm::model_key(m.model);
        for (std::size_t k = 1; k < m.tracking.size(); ++k) EXPECT_GE(m.tracking[k], m.tracking[k - 1]);
        // The expected histogram adds up to the customers and puts about as many at 0 as there are.
        double customers = 0;
        for (double c : m.frequency) customers += c;
        EXPECT_NEAR(customers, 2357, 1e-6);
        EXPECT_NEAR(m.frequency[0], r.frequency_actual[0], 60) << crm::model_key(m.model);
        EXPECT_NEAR(m.frequency[1], r.frequency_actual[1], 60) << crm::model_key(m.model);
    }
    ASSERT_TRUE(r.best);
    for (const auto& m : r.models) EXPECT_LE(r.models[*r.best].mean_absolute_error, m.mean_absolute_error);
    EXPECT_EQ(crm::chosen_model(&r, std::nullopt), r.models[*r.best].model);
    EXPECT_EQ(crm::chosen_model(&r, crm::purchase_model::mbgnbd), crm::purchase_model::mbgnbd);
    EXPECT_EQ(crm::model_from_key("PNBD"), crm::purchase_model::pareto_nbd);
    EXPECT_FALSE(crm::model_from_key("weibull"));
}

TEST(model_check, bad_input_is_refused) {
    std::vector<crm::customer_history> none;
    EXPECT_THROW(crm::calibration_end_for_holdout(none, 39), crm::illegal_argument);
    crm::customer_history h;
    h.id = "1";
    h.purchase_days = {45000, 45010};
    EXPECT_THROW(crm::calibration_end_for_holdout({h}, 0), crm::illegal_argument);
    EXPECT_THROW(crm::check_models({h}, 44000), crm::illegal_argument);  // nobody before the end
    EXPECT_THROW(crm::check_models({h}, 45020), crm::illegal_argument);  // nothing after it
    EXPECT_THROW(crm::check_models({h}, 45005), crm::illegal_argument);  // no repeat purchase in calibration
}

}  // namespace
