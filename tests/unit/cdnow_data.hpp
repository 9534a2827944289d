// Test helper: reads the CDNOW customer summary (data/cdnow of the repository) at test time.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace crm::test {

/// The CDNOW calibration summary, one entry per customer in file order.
struct cdnow_summary {
    std::vector<double> id, x, t_x, T, zbar;
};

/// Reads a CDNOW summary file (header ID,x,t_x,T,zbar).
inline cdnow_summary read_cdnow_summary_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    cdnow_summary s;
    std::string line;
    std::getline(in, line);
    if (line.rfind("ID,x,t_x,T,zbar", 0) != 0) throw std::runtime_error("unexpected header in " + path);
    while (std::getline(in, line)) {
        if (line.empty() || line == "\r") continue;
        std::istringstream fields(line);
        std::string f[5];
        for (auto& field : f) std::getline(fields, field, ',');
        s.id.push_back(std::stod(f[0]));
        s.x.push_back(std::stod(f[1]));
        s.t_x.push_back(std::stod(f[2]));
        s.T.push_back(std::stod(f[3]));
        s.zbar.push_back(std::stod(f[4]));
    }
    return s;
}

#ifdef CRM_DATA_DIR
/// Reads data/cdnow/cdnow_customers_summary_with_transactions.csv.
inline cdnow_summary read_cdnow_summary() {
    return read_cdnow_summary_file(std::string(CRM_DATA_DIR) +
                                   "/cdnow/cdnow_customers_summary_with_transactions.csv");
}
#endif

}  // namespace crm::test
