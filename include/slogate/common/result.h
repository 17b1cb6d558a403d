// Result<T>: the value of an operation that can fail with a located, user-facing Error.
//
// Parsers, config loading and evaluation return Result instead of throwing, so a failure is
// data that can be reported ("line 3, column 14: duplicate label name \"a\"").
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace slogate {

// A failure that a user can act on: what was wrong and where.
struct Error {
  std::string code;     // stable, machine-readable ("duplicate_label", "bad_env", ...)
  std::string message;  // says what was wrong and what to do
  int line = 0;         // 1-based; 0 when the error has no position
  int column = 0;       // 1-based; 0 when the error has no position

  // "line:column: message" when located, else just the message.
  std::string ToString() const {
    if (line <= 0) return message;
    return std::to_string(line) + ":" + std::to_string(column) + ": " + message;
  }
};

inline Error MakeError(std::string code, std::string message, int line = 0, int column = 0) {
  return Error{std::move(code), std::move(message), line, column};
}

// Holds either a T or an Error. Thread-compatible (like std::variant).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}      // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  // Preconditions: ok() for value(), !ok() for error().
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const Error& error() const { return std::get<Error>(state_); }

  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> state_;
};

// Result<void> equivalent: success or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  static Status Ok() { return Status(); }
  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

}  // namespace slogate
