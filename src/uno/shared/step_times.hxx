// Step times of a job run, for the benchmarks (tests/bench/bench_real_data.py): with CRM_STEP_TIMES=FILE in the
// office's environment, each run appends one line "job step seconds" a step to FILE when it ends; without it,
// nothing is measured or written.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

namespace crm_uno {

class step_times {
public:
    explicit step_times(const char* job) : job_(job) {
        if (const char* file = std::getenv("CRM_STEP_TIMES"); file && *file) {
            path_ = file;
            last_ = clock::now();
        }
    }
    ~step_times() {
        if (path_.empty() || lines_.empty()) return;
        if (std::FILE* f = std::fopen(path_.c_str(), "a")) {
            std::fputs(lines_.c_str(), f);
            std::fclose(f);
        }
    }
    step_times(const step_times&) = delete;
    step_times& operator=(const step_times&) = delete;
    /// Ends the step `step` (the time since the previous mark, or since the run began).
    void mark(const char* step) {
        if (path_.empty()) return;
        const auto now = clock::now();
        lines_ += fmt::format("{} {} {:.4f}\n", job_, step, std::chrono::duration<double>(now - last_).count());
        last_ = now;
    }

private:
    using clock = std::chrono::steady_clock;
    const char* job_;
    std::string path_, lines_;
    clock::time_point last_;
};

}  // namespace crm_uno
