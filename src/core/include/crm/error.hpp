// The one error type of the core: what went wrong, and how Calc should show it.
#pragma once

#include <stdexcept>
#include <string>

namespace crm {

/// How an adapter reports a core error to the office (Err:502 or Err:523 in Calc).
enum class error_kind { illegal_argument, no_convergence };

/// Every error the core raises: a plain message and its kind.
class error : public std::runtime_error {
public:
    error(error_kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    /// What kind of error this is (decides the cell error shown in Calc).
    error_kind kind() const noexcept { return kind_; }

private:
    error_kind kind_;
};

/// An argument outside the function's domain, or a result that is not finite (Calc: Err:502).
class illegal_argument : public error {
public:
    explicit illegal_argument(const std::string& message) : error(error_kind::illegal_argument, message) {}
};

/// An iterative estimate that did not converge (Calc: Err:523).
class no_convergence : public error {
public:
    explicit no_convergence(const std::string& message) : error(error_kind::no_convergence, message) {}
};

/// A run stopped because the user asked it to (not an error: adapters undo what the run wrote).
class cancelled : public std::exception {
public:
    const char* what() const noexcept override { return "cancelled"; }
};

/// Throws illegal_argument with `message` unless `condition` holds.
inline void require(bool condition, const char* message) {
    if (!condition) throw illegal_argument(message);
}

/// Returns `value` if it is finite, else throws illegal_argument (no made-up numbers reach a cell).
inline double finite_or_throw(double value, const char* what) {
    if (!(value - value == 0.0)) throw illegal_argument(std::string(what) + ": result is not a finite number");
    return value;
}

}  // namespace crm
