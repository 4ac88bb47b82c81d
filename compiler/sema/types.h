// Types of policy expressions, with their units. A duration and an int are different
// types, so `5m > 3` is caught; `int` widens to `number` and nothing else converts.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace slac {

enum class TypeKind {
  kError,  // an expression already reported; never reported again
  kBool,
  kInt,
  kNumber,
  kPercent,
  kString,
  kTime,
  kDuration,
  kDate,
  kTimeOfDay,
  kEnum,
  kSet,
  kStage,
  kSla,
  kEach,  // `each K`: points per event, only as a score rule's condition
};

/// The values of an enumeration; types with the same EnumValues object are the same type.
struct EnumValues {
  std::string name;
  std::vector<std::string> values;

  bool Contains(const std::string& value) const;
};

struct Type {
  TypeKind kind = TypeKind::kError;
  bool optional = false;
  /// A duration counted in a calendar's opening hours.
  bool business = false;
  std::shared_ptr<const EnumValues> enumeration;
  /// The element type of a set.
  std::shared_ptr<const Type> element;

  static Type Of(TypeKind kind) { return Type{kind, false, false, nullptr, nullptr}; }
  static Type Error() { return Of(TypeKind::kError); }
  static Type Enum(std::shared_ptr<const EnumValues> values);
  static Type SetOf(Type element);

  bool IsError() const { return kind == TypeKind::kError; }
  bool IsNumeric() const { return kind == TypeKind::kInt || kind == TypeKind::kNumber; }
  Type Required() const;
};

/// "a duration", "an int", "an optional string", "a set of strings" for messages.
std::string Describe(const Type& type);

/// Whether a value of `from` may be used where `to` is wanted (int widens to number;
/// a required value is accepted where an optional one is).
bool IsAssignable(const Type& from, const Type& to);

/// Whether `a == b` is meaningful.
bool AreComparable(const Type& a, const Type& b);

}  // namespace slac
