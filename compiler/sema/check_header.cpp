// The header: a policy names itself with a semantic version, in a real time zone; a file
// without a header may only hold `use` lines and tests (a `*.test.sla` file).
#include <date/tz.h>

#include <re2/re2.h>

#include "sema/checks.h"
#include "sema/suggest.h"

namespace slac {
namespace {

// Semantic Versioning 2.0.0: MAJOR.MINOR.PATCH without leading zeros, then optional
// pre-release and build identifiers.
bool IsSemver(const std::string& version) {
  static const RE2 pattern(
      R"((0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*))"
      R"((-((0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?)"
      R"((\+([0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*))?)");
  return RE2::FullMatch(version, pattern);
}

const char* DescribeDecl(ast::DeclKind kind) {
  switch (kind) {
    case ast::DeclKind::kUse:
      return "a `use`";
    case ast::DeclKind::kLead:
      return "a lead schema";
    case ast::DeclKind::kEvents:
      return "event kinds";
    case ast::DeclKind::kCalendar:
      return "a calendar";
    case ast::DeclKind::kHolidays:
      return "holidays";
    case ast::DeclKind::kScore:
      return "a score";
    case ast::DeclKind::kSegment:
      return "a segment";
    case ast::DeclKind::kLet:
      return "a let";
    case ast::DeclKind::kStages:
      return "stages";
    case ast::DeclKind::kStageRule:
      return "a stage rule";
    case ast::DeclKind::kSla:
      return "an SLA";
    case ast::DeclKind::kGuard:
      return "a guard";
    case ast::DeclKind::kDisposition:
      return "a disposition";
    case ast::DeclKind::kCommitment:
      return "a commitment";
    case ast::DeclKind::kTest:
      return "a test";
  }
  return "a declaration";
}

}  // namespace

void CheckHeader(const CheckContext& context) {
  const auto& header = context.file.header;
  if (header && !header->is_module && !header->version.value.empty() &&
      !IsSemver(header->version.value)) {
    context.sink.Report(DiagCode::kInvalidVersion, header->version.range, header->version.value)
        .AddHelp("write MAJOR.MINOR.PATCH, such as `3.2.0`; bump MAJOR when decisions change");
  }
  if (header) {
    return;
  }
  for (const ast::DeclPtr& decl : context.file.decls) {
    if (decl->kind != ast::DeclKind::kUse && decl->kind != ast::DeclKind::kTest) {
      context.sink.Report(DiagCode::kMissingHeader, decl->range, DescribeDecl(decl->kind))
          .AddHelp(
              "start the file with `policy NAME version 1.0.0`, or `module NAME` for "
              "shared definitions");
      return;
    }
  }
}

void CheckTimeZones(const CheckContext& context) {
  auto check = [&](const ast::StringValue& zone) {
    try {
      date::locate_zone(zone.value);
    } catch (const std::exception&) {
      std::vector<std::string> names;
      for (const date::time_zone& known : date::get_tzdb().zones) {
        names.emplace_back(known.name());
      }
      Diagnostic& diagnostic =
          context.sink.Report(DiagCode::kUnknownTimeZone, zone.range, zone.value);
      if (auto closest = ClosestName(zone.value, names)) {
        diagnostic.AddHelp(fmt::format("did you mean `\"{}\"`?", *closest));
      } else {
        diagnostic.AddHelp("use a name such as \"America/New_York\" or \"Europe/Berlin\"");
      }
    }
  };

  if (context.file.header && context.file.header->timezone) {
    check(*context.file.header->timezone);
  }
  for (const ast::DeclPtr& decl : context.file.decls) {
    if (decl->kind == ast::DeclKind::kCalendar) {
      for (const ast::StringValue& zone : ast::As<ast::CalendarDecl>(*decl).timezones) {
        check(zone);
      }
    }
  }
}

}  // namespace slac
