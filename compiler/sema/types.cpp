#include "sema/types.h"

#include <algorithm>

namespace slac {
namespace {

std::string Noun(const Type& type) {
  switch (type.kind) {
    case TypeKind::kError:
      return "an invalid value";
    case TypeKind::kBool:
      return "a bool";
    case TypeKind::kInt:
      return "an int";
    case TypeKind::kNumber:
      return "a number";
    case TypeKind::kPercent:
      return "a percent";
    case TypeKind::kString:
      return "a string";
    case TypeKind::kTime:
      return "a time";
    case TypeKind::kDuration:
      return type.business ? "a business duration" : "a duration";
    case TypeKind::kDate:
      return "a date";
    case TypeKind::kTimeOfDay:
      return "a time of day";
    case TypeKind::kEnum:
      return type.enumeration ? "a value of `" + type.enumeration->name + "`" : "an enum value";
    case TypeKind::kSet:
      return type.element ? "a set of " + Describe(*type.element).substr(2) + "s" : "a set";
    case TypeKind::kStage:
      return "a stage";
    case TypeKind::kSla:
      return "an SLA";
    case TypeKind::kEach:
      return "an `each` window";
  }
  return "a value";
}

}  // namespace

bool EnumValues::Contains(const std::string& value) const {
  return std::find(values.begin(), values.end(), value) != values.end();
}

Type Type::Enum(std::shared_ptr<const EnumValues> values) {
  Type type = Of(TypeKind::kEnum);
  type.enumeration = std::move(values);
  return type;
}

Type Type::SetOf(Type element) {
  Type type = Of(TypeKind::kSet);
  type.element = std::make_shared<const Type>(std::move(element));
  return type;
}

Type Type::Required() const {
  Type copy = *this;
  copy.optional = false;
  return copy;
}

std::string Describe(const Type& type) {
  std::string noun = Noun(type);
  if (!type.optional) {
    return noun;
  }
  // "an optional int", "an optional string".
  size_t space = noun.find(' ');
  return "an optional " + noun.substr(space + 1);
}

bool IsAssignable(const Type& from, const Type& to) {
  if (from.IsError() || to.IsError()) {
    return true;
  }
  if (from.optional && !to.optional) {
    return false;
  }
  if (from.kind == TypeKind::kInt && to.kind == TypeKind::kNumber) {
    return true;
  }
  if (from.kind != to.kind) {
    return false;
  }
  switch (from.kind) {
    case TypeKind::kEnum:
      return from.enumeration == to.enumeration;
    case TypeKind::kSet:
      return !from.element || !to.element || IsAssignable(*from.element, *to.element);
    default:
      return true;
  }
}

bool AreComparable(const Type& a, const Type& b) {
  if (a.IsError() || b.IsError()) {
    return true;
  }
  if (a.IsNumeric() && b.IsNumeric()) {
    return true;
  }
  if (a.kind != b.kind) {
    return false;
  }
  if (a.kind == TypeKind::kEnum) {
    return a.enumeration == b.enumeration;
  }
  return a.kind != TypeKind::kSet && a.kind != TypeKind::kEach;
}

}  // namespace slac
