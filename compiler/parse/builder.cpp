#include "parse/builder.h"

#include <fmt/format.h>

#include <set>
#include <utility>
#include <vector>

#include "parse/literals.h"
#include "parse/parser.h"
#include "parse/ranges.h"

namespace slac::parse_internal {
namespace {

using antlr4::tree::TerminalNode;
using grammar::SlacParser;

// A token the parser invented while recovering from a syntax error, already reported.
bool IsConjured(const antlr4::Token* token) {
  return token == nullptr || token->getTokenIndex() == INVALID_INDEX ||
         token->getText().rfind("<missing", 0) == 0;
}

class Builder {
 public:
  Builder(FileId file, DiagnosticSink& sink) : file_(file), sink_(sink) {}

  ast::PolicyFile BuildFile(SlacParser::PolicyFileContext* context) {
    ast::PolicyFile file;
    file.file = file_;
    if (context == nullptr) {
      return file;
    }
    if (context->header() != nullptr) {
      file.header = BuildHeader(context->header());
    }
    for (auto* declaration : context->declaration()) {
      if (ast::DeclPtr decl = BuildDecl(declaration)) {
        file.decls.push_back(std::move(decl));
      }
    }
    return file;
  }

 private:
  // ---- Small pieces ---------------------------------------------------------------------

  SourceRange Range(antlr4::ParserRuleContext* context) const {
    return ContextRange(file_, context);
  }
  SourceRange Range(TerminalNode* node) const {
    return node ? TokenRange(file_, node->getSymbol()) : SourceRange{};
  }

  ast::Identifier Ident(SlacParser::NameContext* context) const {
    if (context == nullptr) {
      return {};
    }
    return ast::Identifier{context->getStart()->getText(), Range(context)};
  }

  ast::QualifiedName QName(SlacParser::QualifiedNameContext* context) const {
    ast::QualifiedName name;
    if (context == nullptr) {
      return name;
    }
    for (auto* part : context->name()) {
      name.parts.push_back(Ident(part));
    }
    name.range = Range(context);
    return name;
  }

  ast::StringValue String(TerminalNode* node) {
    if (node == nullptr || IsConjured(node->getSymbol())) {
      return ast::StringValue{"", Range(node)};
    }
    return ast::StringValue{DecodeString(node), Range(node)};
  }

  std::string DecodeString(TerminalNode* node) {
    // An unterminated string was reported by the lexer check; keep what it holds.
    std::string bad_escape;
    std::optional<std::string> value = literals::UnquoteString(node->getText(), bad_escape);
    if (!value) {
      sink_.Report(DiagCode::kInvalidEscape, Range(node), bad_escape)
          .AddHelp("the escapes are `\\\"`, `\\\\`, `\\n` and `\\t`");
      return "";
    }
    return *value;
  }

  std::optional<ast::Date> Date(TerminalNode* node) {
    if (node == nullptr || IsConjured(node->getSymbol())) {
      return std::nullopt;
    }
    std::string reason;
    std::optional<ast::Date> date = literals::ParseDate(node->getText(), reason);
    if (!date) {
      sink_.Report(DiagCode::kInvalidDate, Range(node), node->getText(), reason);
    }
    return date;
  }

  int64_t Integer(TerminalNode* node) {
    if (node == nullptr || IsConjured(node->getSymbol())) {
      return 0;
    }
    std::optional<int64_t> value = literals::ParseInt(node->getText());
    if (!value) {
      sink_.Report(DiagCode::kIntegerTooLarge, Range(node), node->getText());
      return 0;
    }
    return *value;
  }

  int64_t DurationMs(TerminalNode* node) {
    if (node == nullptr || IsConjured(node->getSymbol())) {
      return 0;
    }
    std::optional<int64_t> value = literals::ParseDurationMs(node->getText());
    if (!value) {
      sink_.Report(DiagCode::kDurationTooLarge, Range(node), node->getText());
      return 0;
    }
    return *value;
  }

  double SignedNumber(SlacParser::SignedNumberContext* context) {
    if (context == nullptr) {
      return 0;
    }
    double magnitude = 0;
    if (context->INT() != nullptr) {
      magnitude = static_cast<double>(Integer(context->INT()));
    } else if (context->NUMBER() != nullptr && !IsConjured(context->NUMBER()->getSymbol())) {
      magnitude = literals::ParseDouble(context->NUMBER()->getText());
    }
    return context->MINUS() != nullptr ? -magnitude : magnitude;
  }

  ast::ExprPtr Error(antlr4::ParserRuleContext* context) {
    return std::make_unique<ast::ErrorExpr>(Range(context));
  }

  // ---- Header and declarations ----------------------------------------------------------

  ast::Header BuildHeader(SlacParser::HeaderContext* context) {
    ast::Header header;
    header.range = Range(context);
    if (auto* module = dynamic_cast<SlacParser::ModuleHeaderContext*>(context)) {
      header.is_module = true;
      header.name = QName(module->qualifiedName());
      return header;
    }
    auto* policy = dynamic_cast<SlacParser::PolicyHeaderContext*>(context);
    if (policy == nullptr) {
      return header;
    }
    header.name = QName(policy->qualifiedName());
    if (auto* version = policy->versionLiteral()) {
      std::string text = version->getText();
      header.version.range = Range(version);
      header.version.value = text;
      if (version->STRING() != nullptr) {
        header.version.value = DecodeString(version->STRING());
      }
    }
    std::set<std::string> seen;
    for (auto* item : policy->headerItem()) {
      std::string keyword = item->getStart()->getText();
      if (!seen.insert(keyword).second) {
        sink_.Report(DiagCode::kDuplicateClause, Range(item), keyword, "header");
      }
      if (auto* owner = dynamic_cast<SlacParser::OwnerItemContext*>(item)) {
        header.owner = String(owner->STRING());
      } else if (auto* zone = dynamic_cast<SlacParser::TimezoneItemContext*>(item)) {
        header.timezone = String(zone->STRING());
      } else if (auto* effective = dynamic_cast<SlacParser::EffectiveItemContext*>(item)) {
        header.effective = Date(effective->DATE());
        header.effective_range = Range(effective->DATE());
      }
    }
    return header;
  }

  ast::DeclPtr BuildDecl(SlacParser::DeclarationContext* context) {
    if (auto* use = context->useDecl()) {
      return BuildUse(use);
    }
    if (auto* lead = context->leadDecl()) {
      auto decl = std::make_unique<ast::LeadDecl>(Range(lead));
      for (auto* field : lead->fieldDecl()) {
        decl->fields.push_back(BuildField(field));
      }
      return decl;
    }
    if (auto* events = context->eventsDecl()) {
      return BuildEvents(events);
    }
    if (auto* calendar = context->calendarDecl()) {
      return BuildCalendar(calendar);
    }
    if (auto* holidays = context->holidaysDecl()) {
      return BuildHolidays(holidays);
    }
    if (auto* score = context->scoreDecl()) {
      return BuildScore(score);
    }
    if (auto* segment = context->segmentDecl()) {
      auto decl = std::make_unique<ast::SegmentDecl>(Range(segment));
      decl->name = Ident(segment->name());
      if (segment->STRING() != nullptr) {
        decl->title = String(segment->STRING());
      }
      decl->condition = BuildExpr(segment->expr());
      return decl;
    }
    if (auto* let = context->letDecl()) {
      return BuildLet(let);
    }
    if (auto* stages = context->stagesDecl()) {
      auto decl = std::make_unique<ast::StagesDecl>(Range(stages));
      for (auto* chain : stages->stageChain()) {
        std::vector<ast::Identifier> names;
        for (auto* name : chain->name()) {
          names.push_back(Ident(name));
        }
        decl->chains.push_back(std::move(names));
      }
      return decl;
    }
    if (auto* rule = context->stageRuleDecl()) {
      auto decl = std::make_unique<ast::StageRuleDecl>(Range(rule));
      decl->stage = Ident(rule->name());
      decl->condition = BuildExpr(rule->expr());
      return decl;
    }
    if (auto* sla = context->slaDecl()) {
      return BuildSla(sla);
    }
    if (auto* guard = context->guardDecl()) {
      return BuildGuard(guard);
    }
    if (auto* disposition = context->dispositionDecl()) {
      return BuildDisposition(disposition);
    }
    if (auto* commitment = context->commitmentDecl()) {
      return BuildCommitment(commitment);
    }
    if (auto* test = context->testDecl()) {
      return BuildTest(test);
    }
    return nullptr;
  }

  ast::DeclPtr BuildUse(SlacParser::UseDeclContext* context) {
    auto decl = std::make_unique<ast::UseDecl>(Range(context));
    if (auto* module = dynamic_cast<SlacParser::UseModuleContext*>(context)) {
      decl->module = QName(module->qualifiedName());
      if (module->name() != nullptr) {
        decl->alias = Ident(module->name());
      }
    } else if (auto* file = dynamic_cast<SlacParser::UseFileContext*>(context)) {
      decl->path = String(file->STRING());
      if (file->name() != nullptr) {
        decl->alias = Ident(file->name());
      }
    }
    return decl;
  }

  ast::TypeRef BuildType(SlacParser::TypeRefContext* context) {
    ast::TypeRef type;
    if (context == nullptr) {
      return type;
    }
    type.range = Range(context);
    if (auto* enumeration = dynamic_cast<SlacParser::EnumTypeContext*>(context)) {
      type.is_enum = true;
      type.name = ast::Identifier{"enum", Range(enumeration->ENUM())};
      for (auto* value : enumeration->name()) {
        type.enum_values.push_back(Ident(value));
      }
      type.optional = enumeration->QUESTION() != nullptr;
    } else if (auto* named = dynamic_cast<SlacParser::NamedTypeContext*>(context)) {
      type.name = Ident(named->name());
      if (named->typeRef() != nullptr) {
        type.argument = std::make_unique<ast::TypeRef>(BuildType(named->typeRef()));
      }
      type.optional = named->QUESTION() != nullptr;
    }
    return type;
  }

  ast::FieldDecl BuildField(SlacParser::FieldDeclContext* context) {
    return ast::FieldDecl{Ident(context->name()), BuildType(context->typeRef()), Range(context)};
  }

  ast::DeclPtr BuildEvents(SlacParser::EventsDeclContext* context) {
    auto decl = std::make_unique<ast::EventsDecl>(Range(context));
    for (auto* kind : context->eventKindDecl()) {
      ast::EventKindDecl event{Ident(kind->name()), {}, Range(kind)};
      for (auto* attribute : kind->fieldDecl()) {
        event.attributes.push_back(BuildField(attribute));
      }
      decl->kinds.push_back(std::move(event));
    }
    return decl;
  }

  ast::DeclPtr BuildCalendar(SlacParser::CalendarDeclContext* context) {
    auto decl = std::make_unique<ast::CalendarDecl>(Range(context));
    decl->name = Ident(context->name());
    for (auto* item : context->calendarItem()) {
      if (auto* open = dynamic_cast<SlacParser::OpenItemContext*>(item)) {
        decl->open.push_back(BuildOpenHours(open));
      } else if (auto* closed = dynamic_cast<SlacParser::ClosedItemsContext*>(item)) {
        for (auto* closed_item : closed->closedItem()) {
          decl->closed.push_back(BuildClosedItem(closed_item));
        }
      } else if (auto* zone = dynamic_cast<SlacParser::CalendarTimezoneContext*>(item)) {
        decl->timezones.push_back(String(zone->STRING()));
      }
    }
    return decl;
  }

  ast::OpenHours BuildOpenHours(SlacParser::OpenItemContext* context) {
    ast::OpenHours hours;
    hours.range = Range(context);
    for (auto* days : context->dayRange()) {
      ast::DayRange range{Ident(days->name(0)), std::nullopt, Range(days)};
      if (days->name().size() > 1) {
        range.last = Ident(days->name(1));
      }
      hours.days.push_back(std::move(range));
    }
    for (auto* span : context->hoursRange()) {
      ast::HoursRange range;
      range.range = Range(span);
      range.open_seconds = TimeOfDay(span->TIME_OF_DAY(0));
      range.close_seconds = TimeOfDay(span->TIME_OF_DAY(1));
      hours.hours.push_back(range);
    }
    return hours;
  }

  int32_t TimeOfDay(TerminalNode* node) {
    if (node == nullptr || IsConjured(node->getSymbol())) {
      return 0;
    }
    std::string reason;
    std::optional<int32_t> seconds = literals::ParseTimeOfDay(node->getText(), reason);
    if (!seconds) {
      sink_.Report(DiagCode::kInvalidTimeOfDay, Range(node), node->getText(), reason);
      return 0;
    }
    return *seconds;
  }

  ast::ClosedItem BuildClosedItem(SlacParser::ClosedItemContext* context) {
    ast::ClosedItem item;
    item.range = Range(context);
    if (auto* dates = dynamic_cast<SlacParser::ClosedDatesContext*>(context)) {
      item.first = Date(dates->DATE(0));
      if (dates->DATE().size() > 1) {
        item.last = Date(dates->DATE(1));
      }
    } else if (auto* holidays = dynamic_cast<SlacParser::ClosedHolidaysContext*>(context)) {
      item.holidays = QName(holidays->qualifiedName());
    }
    return item;
  }

  ast::DeclPtr BuildHolidays(SlacParser::HolidaysDeclContext* context) {
    auto decl = std::make_unique<ast::HolidaysDecl>(Range(context));
    decl->name = Ident(context->name());
    if (context->STRING() != nullptr) {
      decl->title = String(context->STRING());
    }
    for (auto* entry : context->holiday()) {
      ast::Holiday holiday;
      holiday.range = Range(entry);
      holiday.label = String(entry->STRING());
      holiday.rule = BuildHolidayRule(entry->holidayRule());
      for (auto* option : entry->holidayOption()) {
        if (auto* observed = dynamic_cast<SlacParser::ObservedOptionContext*>(option)) {
          holiday.observed = true;
          if (observed->name() != nullptr) {
            holiday.observed_rule = Ident(observed->name());
          }
        } else if (auto* from = dynamic_cast<SlacParser::FromYearOptionContext*>(option)) {
          holiday.from_year = static_cast<int32_t>(Integer(from->INT()));
        }
      }
      decl->holidays.push_back(std::move(holiday));
    }
    return decl;
  }

  ast::HolidayRule BuildHolidayRule(SlacParser::HolidayRuleContext* context) {
    ast::HolidayRule rule;
    if (context == nullptr) {
      return rule;
    }
    rule.range = Range(context);
    if (auto* fixed = dynamic_cast<SlacParser::FixedDayRuleContext*>(context)) {
      rule.kind = ast::HolidayRuleKind::kFixedDay;
      rule.month = Ident(fixed->name());
      rule.day = static_cast<int32_t>(Integer(fixed->INT()));
    } else if (auto* nth = dynamic_cast<SlacParser::NthWeekdayRuleContext*>(context)) {
      rule.kind = ast::HolidayRuleKind::kNthWeekday;
      // `last monday of may` has LAST in place of the ordinal name.
      size_t next = 0;
      if (nth->LAST() != nullptr) {
        rule.ordinal = ast::Identifier{"last", Range(nth->LAST())};
      } else {
        rule.ordinal = Ident(nth->name(next++));
      }
      rule.weekday = Ident(nth->name(next++));
      rule.month = Ident(nth->name(next));
      // `fourth thursday of nov + 1d`: the day after Thanksgiving.
      rule.offset_ms = DurationMs(nth->DURATION());
      if (nth->MINUS() != nullptr) {
        rule.offset_ms = -rule.offset_ms;
      }
    } else if (auto* movable = dynamic_cast<SlacParser::MovableRuleContext*>(context)) {
      rule.kind = ast::HolidayRuleKind::kMovable;
      rule.base = Ident(movable->name());
      rule.offset_ms = DurationMs(movable->DURATION());
      if (movable->MINUS() != nullptr) {
        rule.offset_ms = -rule.offset_ms;
      }
    } else if (auto* one_off = dynamic_cast<SlacParser::OneOffRuleContext*>(context)) {
      rule.kind = ast::HolidayRuleKind::kOneOff;
      rule.date = Date(one_off->DATE()).value_or(ast::Date{});
    }
    return rule;
  }

  ast::DeclPtr BuildScore(SlacParser::ScoreDeclContext* context) {
    auto decl = std::make_unique<ast::ScoreDecl>(Range(context));
    decl->name = Ident(context->name());
    if (context->STRING() != nullptr) {
      decl->title = String(context->STRING());
    }
    decl->min = SignedNumber(context->signedNumber(0));
    decl->max = SignedNumber(context->signedNumber(1));
    if (context->signedNumber().size() == 2) {
      decl->bounds_range = SourceRange{file_, Range(context->signedNumber(0)).begin,
                                       Range(context->signedNumber(1)).end};
    }
    for (auto* item : context->scoreItem()) {
      if (auto* decay = dynamic_cast<SlacParser::DecayItemContext*>(item)) {
        decl->half_lives.push_back(BuildDurationTerm(decay->durationTerm()));
      } else if (auto* rule = dynamic_cast<SlacParser::ScoreRuleContext*>(item)) {
        ast::ScoreRule built;
        built.range = Range(rule);
        if (rule->STRING() != nullptr) {
          built.label = String(rule->STRING());
        }
        built.condition = BuildExpr(rule->expr());
        built.points = SignedNumber(rule->signedNumber(0));
        built.points_range = Range(rule->signedNumber(0));
        if (rule->CAPPED() != nullptr && rule->signedNumber().size() > 1) {
          built.cap = SignedNumber(rule->signedNumber(1));
          built.cap_range = Range(rule->signedNumber(1));
        }
        decl->rules.push_back(std::move(built));
      }
    }
    return decl;
  }

  ast::DeclPtr BuildLet(SlacParser::LetDeclContext* context) {
    auto decl = std::make_unique<ast::LetDecl>(Range(context));
    decl->name = Ident(context->name());
    for (auto* param : context->param()) {
      decl->params.push_back(ast::Param{Ident(param->name()), BuildType(param->typeRef())});
    }
    if (context->typeRef() != nullptr) {
      decl->type = BuildType(context->typeRef());
    }
    decl->value = BuildExpr(context->expr());
    return decl;
  }

  // ---- Service levels -------------------------------------------------------------------

  ast::TriggerClause BuildTriggers(std::vector<SlacParser::SlaTriggerContext*> triggers,
                                   SourceRange range) {
    ast::TriggerClause clause;
    clause.range = range;
    for (auto* trigger : triggers) {
      ast::SlaTrigger built;
      built.range = Range(trigger);
      if (auto* entering = dynamic_cast<SlacParser::EnteringTriggerContext*>(trigger)) {
        built.entering = true;
        built.stage = Ident(entering->name());
      } else if (auto* event = dynamic_cast<SlacParser::EventTriggerContext*>(trigger)) {
        built.event = BuildEventPattern(event->eventPattern());
      }
      clause.triggers.push_back(std::move(built));
    }
    return clause;
  }

  ast::DeclPtr BuildSla(SlacParser::SlaDeclContext* context) {
    auto decl = std::make_unique<ast::SlaDecl>(Range(context));
    decl->name = Ident(context->name());
    if (context->STRING() != nullptr) {
      decl->title = String(context->STRING());
    }
    for (auto* item : context->slaItem()) {
      SourceRange range = Range(item);
      if (auto* starts = dynamic_cast<SlacParser::StartsItemContext*>(item)) {
        decl->starts.push_back(BuildTriggers(starts->slaTrigger(), range));
      } else if (auto* met = dynamic_cast<SlacParser::MetByItemContext*>(item)) {
        decl->met_by.push_back(BuildTriggers(met->slaTrigger(), range));
      } else if (auto* tiered = dynamic_cast<SlacParser::TieredTargetItemContext*>(item)) {
        ast::TargetClause clause;
        clause.tiered = true;
        clause.range = range;
        for (auto* tier : tiered->tier()) {
          clause.tiers.push_back(BuildTier(tier));
        }
        decl->targets.push_back(std::move(clause));
      } else if (auto* target = dynamic_cast<SlacParser::TargetItemContext*>(item)) {
        ast::TargetClause clause;
        clause.range = range;
        ast::Tier tier;
        tier.target = BuildTarget(target->targetSpec());
        tier.range = tier.target.range;
        clause.tiers.push_back(std::move(tier));
        decl->targets.push_back(std::move(clause));
      } else if (auto* applies = dynamic_cast<SlacParser::AppliesItemContext*>(item)) {
        decl->applies_when.push_back(ast::ExprClause{BuildExpr(applies->expr()), range});
      } else if (auto* pause = dynamic_cast<SlacParser::PauseItemContext*>(item)) {
        decl->pause_while.push_back(ast::ExprClause{BuildExpr(pause->expr()), range});
      } else if (auto* every = dynamic_cast<SlacParser::EveryItemContext*>(item)) {
        decl->every.push_back(ast::ExprClause{BuildExpr(every->expr()), range});
      } else if (auto* escalate = dynamic_cast<SlacParser::EscalateItemContext*>(item)) {
        ast::EscalateClause clause;
        clause.range = range;
        for (auto* step : escalate->escalation()) {
          ast::Escalation built;
          built.range = Range(step);
          built.threshold = BuildExpr(step->expr());
          for (auto* action : step->action()) {
            built.actions.push_back(BuildAction(action));
          }
          clause.steps.push_back(std::move(built));
        }
        decl->escalations.push_back(std::move(clause));
      }
    }
    return decl;
  }

  ast::Tier BuildTier(SlacParser::TierContext* context) {
    ast::Tier tier;
    tier.range = Range(context);
    if (auto* otherwise = dynamic_cast<SlacParser::OtherwiseTierContext*>(context)) {
      tier.target = BuildTarget(otherwise->targetSpec());
    } else if (auto* condition = dynamic_cast<SlacParser::ConditionTierContext*>(context)) {
      ast::QualifiedName name = QName(condition->qualifiedName());
      SourceRange range = name.range;
      tier.condition = std::make_unique<ast::NameExpr>(range, std::move(name));
      tier.target = BuildTarget(condition->targetSpec());
    }
    return tier;
  }

  ast::Target BuildTarget(SlacParser::TargetSpecContext* context) {
    ast::Target target;
    if (context == nullptr) {
      return target;
    }
    target.range = Range(context);
    if (auto* sequence = dynamic_cast<SlacParser::TouchSequenceContext*>(context)) {
      for (auto* step : sequence->touchStep()) {
        ast::TouchStep built;
        built.range = Range(step);
        built.event = Ident(step->name());
        built.ordinal = Integer(step->INT());
        built.target = BuildSimpleTarget(step->simpleTarget());
        target.steps.push_back(std::move(built));
      }
    } else if (auto* single = dynamic_cast<SlacParser::SingleTargetContext*>(context)) {
      target.single = BuildSimpleTarget(single->simpleTarget());
    }
    return target;
  }

  ast::SimpleTarget BuildSimpleTarget(SlacParser::SimpleTargetContext* context) {
    ast::SimpleTarget target;
    if (context == nullptr) {
      return target;
    }
    target.range = Range(context);
    if (auto* same = dynamic_cast<SlacParser::SameBusinessDayContext*>(context)) {
      target.kind = ast::SimpleTargetKind::kSameBusinessDay;
      if (same->name() != nullptr) {
        target.calendar = Ident(same->name());
      }
    } else if (auto* next = dynamic_cast<SlacParser::NextBusinessDayContext*>(context)) {
      target.kind = ast::SimpleTargetKind::kNextBusinessDay;
      if (next->name() != nullptr) {
        target.calendar = Ident(next->name());
      }
    } else if (auto* duration = dynamic_cast<SlacParser::DurationTargetContext*>(context)) {
      target.kind = ast::SimpleTargetKind::kDuration;
      target.duration = BuildExpr(duration->expr());
    }
    return target;
  }

  ast::Action BuildAction(SlacParser::ActionContext* context) {
    ast::Action action;
    if (context == nullptr) {
      return action;
    }
    action.range = Range(context);
    if (auto* notify = dynamic_cast<SlacParser::NotifyActionContext*>(context)) {
      action.kind = ast::ActionKind::kNotify;
      action.role = Ident(notify->name());
    } else if (auto* reassign = dynamic_cast<SlacParser::ReassignActionContext*>(context)) {
      action.kind = ast::ActionKind::kReassign;
      action.text = String(reassign->STRING());
    } else if (auto* flag = dynamic_cast<SlacParser::FlagActionContext*>(context)) {
      action.kind = ast::ActionKind::kFlag;
      action.text = String(flag->STRING());
    } else if (dynamic_cast<SlacParser::BreachActionContext*>(context) != nullptr) {
      action.kind = ast::ActionKind::kBreach;
    } else if (auto* release = dynamic_cast<SlacParser::ReleaseActionContext*>(context)) {
      action.kind = ast::ActionKind::kRelease;
      action.role = Ident(release->name());
    }
    return action;
  }

  // ---- Guards, dispositions, commitments ------------------------------------------------

  ast::DeclPtr BuildGuard(SlacParser::GuardDeclContext* context) {
    auto decl = std::make_unique<ast::GuardDecl>(Range(context));
    decl->from = Ident(context->name(0));
    decl->to = Ident(context->name(1));
    for (auto* requirement : context->guardRequirement()) {
      decl->requirements.push_back(ast::Requirement{
          BuildExpr(requirement->expr()), String(requirement->STRING()), Range(requirement)});
    }
    return decl;
  }

  ast::DeclPtr BuildDisposition(SlacParser::DispositionDeclContext* context) {
    auto decl = std::make_unique<ast::DispositionDecl>(Range(context));
    for (auto* stage : context->name()) {
      decl->stages.push_back(Ident(stage));
    }
    for (auto* item : context->dispositionItem()) {
      if (auto* reasons = dynamic_cast<SlacParser::ReasonItemContext*>(item)) {
        decl->reason_sets.push_back(BuildSet(reasons->setLiteral()));
      } else if (auto* note = dynamic_cast<SlacParser::NoteItemContext*>(item)) {
        ast::NoteRule rule;
        rule.range = Range(note);
        if (note->WHEN() != nullptr) {
          rule.when = BuildExpr(note->expr());
        }
        decl->note_rules.push_back(std::move(rule));
      }
    }
    return decl;
  }

  ast::DeclPtr BuildCommitment(SlacParser::CommitmentDeclContext* context) {
    auto decl = std::make_unique<ast::CommitmentDecl>(Range(context));
    decl->team = Ident(context->name(0));
    decl->period = Ident(context->name(1));
    for (auto* item : context->commitmentItem()) {
      ast::CommitmentTarget target;
      target.range = Range(item);
      target.metric = BuildMetric(item->metric());
      target.op = ComparisonOp(item->comparisonOp());
      target.value = BuildExpr(item->expr());
      decl->targets.push_back(std::move(target));
    }
    return decl;
  }

  ast::Metric BuildMetric(SlacParser::MetricContext* context) {
    ast::Metric metric;
    if (context == nullptr) {
      return metric;
    }
    metric.range = Range(context);
    if (auto* entered = dynamic_cast<SlacParser::EnteredMetricContext*>(context)) {
      metric.kind = ast::MetricKind::kEntered;
      metric.name = Ident(entered->name());
    } else if (auto* met = dynamic_cast<SlacParser::MetMetricContext*>(context)) {
      metric.kind = ast::MetricKind::kMet;
      metric.name = Ident(met->name());
    } else if (auto* breached = dynamic_cast<SlacParser::BreachedMetricContext*>(context)) {
      metric.kind = ast::MetricKind::kBreached;
      metric.name = Ident(breached->name());
    } else if (auto* function = dynamic_cast<SlacParser::FunctionMetricContext*>(context)) {
      metric.kind = ast::MetricKind::kFunction;
      metric.name = Ident(function->name());
      for (auto* argument : function->metric()) {
        metric.arguments.push_back(BuildMetric(argument));
      }
    }
    return metric;
  }

  static ast::BinaryOp ComparisonOp(SlacParser::ComparisonOpContext* context) {
    if (context == nullptr) {
      return ast::BinaryOp::kGreaterEqual;
    }
    if (context->EQ() != nullptr) {
      return ast::BinaryOp::kEqual;
    }
    if (context->NE() != nullptr) {
      return ast::BinaryOp::kNotEqual;
    }
    if (context->LT() != nullptr) {
      return ast::BinaryOp::kLess;
    }
    if (context->LE() != nullptr) {
      return ast::BinaryOp::kLessEqual;
    }
    if (context->GT() != nullptr) {
      return ast::BinaryOp::kGreater;
    }
    return ast::BinaryOp::kGreaterEqual;
  }

  // ---- Tests ----------------------------------------------------------------------------

  ast::DeclPtr BuildTest(SlacParser::TestDeclContext* context) {
    auto decl = std::make_unique<ast::TestDecl>(Range(context));
    decl->name = String(context->STRING());
    for (auto* step : context->testStep()) {
      decl->steps.push_back(BuildTestStep(step));
    }
    for (auto* after : context->afterStep()) {
      ast::AfterStep built;
      built.range = Range(after);
      built.advance = BuildExpr(after->expr());
      for (auto* step : after->testStep()) {
        built.steps.push_back(BuildTestStep(step));
      }
      decl->after_steps.push_back(std::move(built));
    }
    return decl;
  }

  ast::TestStep BuildTestStep(SlacParser::TestStepContext* context) {
    ast::TestStep step;
    step.range = Range(context);
    if (auto* at = dynamic_cast<SlacParser::AtStepContext*>(context)) {
      step.kind = ast::TestStepKind::kAt;
      step.at = BuildExpr(at->expr());
    } else if (auto* lead = dynamic_cast<SlacParser::LeadStepContext*>(context)) {
      step.kind = ast::TestStepKind::kLead;
      for (auto* field : lead->fieldValue()) {
        step.fields.push_back(
            ast::FieldValue{Ident(field->name()), BuildExpr(field->expr()), Range(field)});
      }
    } else if (auto* events = dynamic_cast<SlacParser::EventsStepContext*>(context)) {
      step.kind = ast::TestStepKind::kEvents;
      for (auto* value : events->eventValue()) {
        ast::EventValue event;
        event.range = Range(value);
        event.event = BuildEventPattern(value->eventPattern());
        for (auto* instant : value->expr()) {
          event.instants.push_back(BuildExpr(instant));
        }
        step.events.push_back(std::move(event));
      }
    } else if (auto* expect = dynamic_cast<SlacParser::ExpectStepContext*>(context)) {
      step.kind = ast::TestStepKind::kExpect;
      step.expectation = BuildExpectation(expect->expectation());
    }
    return step;
  }

  ast::Expectation BuildExpectation(SlacParser::ExpectationContext* context) {
    ast::Expectation expectation;
    if (context == nullptr) {
      return expectation;
    }
    expectation.range = Range(context);
    if (auto* action = dynamic_cast<SlacParser::ExpectActionContext*>(context)) {
      expectation.kind = ast::ExpectationKind::kAction;
      expectation.action = BuildAction(action->action());
      expectation.negated = action->NOT() != nullptr;
    } else if (auto* violation = dynamic_cast<SlacParser::ExpectViolationContext*>(context)) {
      expectation.kind = ast::ExpectationKind::kViolation;
      expectation.negated = violation->NOT() != nullptr;
      if (violation->STRING() != nullptr) {
        expectation.violation = String(violation->STRING());
      }
    } else if (auto* condition = dynamic_cast<SlacParser::ExpectConditionContext*>(context)) {
      expectation.kind = ast::ExpectationKind::kCondition;
      expectation.condition = BuildExpr(condition->expr());
    }
    return expectation;
  }

  // ---- Expressions ----------------------------------------------------------------------

  // Operators whose left operand is `expr(0)`. Chains of them (`a + b + c + ...`) nest to
  // the left in the parse tree, so they are unwound with a loop, not recursion: a long
  // sum must not cost a stack frame per term.
  static bool HasLeftOperand(SlacParser::ExprContext* context) {
    return dynamic_cast<SlacParser::AdditiveExprContext*>(context) != nullptr ||
           dynamic_cast<SlacParser::MultiplicativeExprContext*>(context) != nullptr ||
           dynamic_cast<SlacParser::ComparisonExprContext*>(context) != nullptr ||
           dynamic_cast<SlacParser::InExprContext*>(context) != nullptr ||
           dynamic_cast<SlacParser::AndExprContext*>(context) != nullptr ||
           dynamic_cast<SlacParser::OrExprContext*>(context) != nullptr ||
           dynamic_cast<SlacParser::BusinessExprContext*>(context) != nullptr ||
           dynamic_cast<SlacParser::SlaStateExprContext*>(context) != nullptr ||
           dynamic_cast<SlacParser::MatchesExprContext*>(context) != nullptr;
  }

  static SlacParser::ExprContext* LeftOperand(SlacParser::ExprContext* context) {
    auto operands = context->getRuleContexts<SlacParser::ExprContext>();
    return operands.empty() ? nullptr : operands[0];
  }

  ast::ExprPtr BuildExpr(SlacParser::ExprContext* context) {
    if (context == nullptr) {
      return std::make_unique<ast::ErrorExpr>(SourceRange{});
    }
    std::vector<SlacParser::ExprContext*> spine;
    SlacParser::ExprContext* innermost = context;
    while (HasLeftOperand(innermost) && LeftOperand(innermost) != nullptr) {
      spine.push_back(innermost);
      innermost = LeftOperand(innermost);
    }
    ast::ExprPtr result = Finish(BuildNonChain(innermost));
    for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
      result = Finish(ApplyOperator(*it, std::move(result)));
      if (result->depth > kMaxExpressionDepth) {
        // Later phases recurse over expressions; past this depth, stop building.
        sink_.Report(DiagCode::kNestingTooDeep, Range(context), kMaxExpressionDepth);
        return std::make_unique<ast::ErrorExpr>(Range(context));
      }
    }
    return result;
  }

  static ast::ExprPtr Finish(ast::ExprPtr expr) {
    expr->depth = 1 + ast::MaxChildDepth(*expr);
    return expr;
  }

  ast::ExprPtr Binary(SlacParser::ExprContext* context, ast::BinaryOp op, ast::ExprPtr lhs,
                      SourceRange op_range) {
    auto operands = context->getRuleContexts<SlacParser::ExprContext>();
    ast::ExprPtr rhs = operands.size() > 1 ? BuildExpr(operands[1]) : Error(context);
    return std::make_unique<ast::BinaryExpr>(Range(context), op, std::move(lhs), std::move(rhs),
                                             op_range);
  }

  ast::ExprPtr ApplyOperator(SlacParser::ExprContext* context, ast::ExprPtr lhs) {
    if (auto* add = dynamic_cast<SlacParser::AdditiveExprContext*>(context)) {
      bool plus = add->PLUS() != nullptr;
      return Binary(context, plus ? ast::BinaryOp::kAdd : ast::BinaryOp::kSubtract, std::move(lhs),
                    Range(plus ? add->PLUS() : add->MINUS()));
    }
    if (auto* mul = dynamic_cast<SlacParser::MultiplicativeExprContext*>(context)) {
      bool star = mul->STAR() != nullptr;
      return Binary(context, star ? ast::BinaryOp::kMultiply : ast::BinaryOp::kDivide,
                    std::move(lhs), Range(star ? mul->STAR() : mul->SLASH()));
    }
    if (auto* compare = dynamic_cast<SlacParser::ComparisonExprContext*>(context)) {
      return Binary(context, ComparisonOp(compare->comparisonOp()), std::move(lhs),
                    Range(compare->comparisonOp()));
    }
    if (auto* in = dynamic_cast<SlacParser::InExprContext*>(context)) {
      bool negated = in->NOT() != nullptr;
      SourceRange op_range = Range(in->IN());
      if (negated) {
        op_range.begin = Range(in->NOT()).begin;
      }
      return Binary(context, negated ? ast::BinaryOp::kNotIn : ast::BinaryOp::kIn, std::move(lhs),
                    op_range);
    }
    if (auto* conjunction = dynamic_cast<SlacParser::AndExprContext*>(context)) {
      return Binary(context, ast::BinaryOp::kAnd, std::move(lhs), Range(conjunction->AND()));
    }
    if (auto* disjunction = dynamic_cast<SlacParser::OrExprContext*>(context)) {
      return Binary(context, ast::BinaryOp::kOr, std::move(lhs), Range(disjunction->OR()));
    }
    if (auto* business = dynamic_cast<SlacParser::BusinessExprContext*>(context)) {
      auto node = std::make_unique<ast::BusinessExpr>(Range(context), std::move(lhs));
      if (business->name() != nullptr) {
        node->calendar = Ident(business->name());
      }
      return node;
    }
    if (auto* state = dynamic_cast<SlacParser::SlaStateExprContext*>(context)) {
      ast::SlaState value =
          state->BREACHED() != nullptr ? ast::SlaState::kBreached : ast::SlaState::kMet;
      return std::make_unique<ast::SlaStateExpr>(Range(context), std::move(lhs), value);
    }
    auto* matches = dynamic_cast<SlacParser::MatchesExprContext*>(context);
    auto node = std::make_unique<ast::MatchesExpr>(Range(context), std::move(lhs));
    if (matches != nullptr && matches->regexLiteral() != nullptr) {
      BuildRegex(matches->regexLiteral(), *node);
    }
    return node;
  }

  void BuildRegex(SlacParser::RegexLiteralContext* context, ast::MatchesExpr& node) {
    node.regex_range = Range(context);
    std::string text = context->getText();
    if (context->REGEX() == nullptr || text.size() < 2) {
      return;
    }
    size_t close = text.rfind('/');
    node.pattern = text.substr(1, close - 1);
    node.flags = text.substr(close + 1);
  }

  ast::ExprPtr BuildNonChain(SlacParser::ExprContext* context) {
    if (auto* primary = dynamic_cast<SlacParser::PrimaryExprContext*>(context)) {
      return Finish(BuildPrimary(primary->primary()));
    }
    if (auto* sign = dynamic_cast<SlacParser::SignExprContext*>(context)) {
      ast::UnaryOp op = sign->MINUS() != nullptr ? ast::UnaryOp::kNegate : ast::UnaryOp::kPlus;
      return std::make_unique<ast::UnaryExpr>(Range(context), op, BuildExpr(sign->expr()));
    }
    if (auto* negation = dynamic_cast<SlacParser::NotExprContext*>(context)) {
      return std::make_unique<ast::UnaryExpr>(Range(context), ast::UnaryOp::kNot,
                                              BuildExpr(negation->expr()));
    }
    return Error(context);
  }

  ast::ExprPtr BuildPrimary(SlacParser::PrimaryContext* context) {
    if (context == nullptr) {
      return std::make_unique<ast::ErrorExpr>(SourceRange{});
    }
    SourceRange range = Range(context);
    if (auto* literal = dynamic_cast<SlacParser::LiteralPrimaryContext*>(context)) {
      return BuildLiteral(literal->literal());
    }
    if (dynamic_cast<SlacParser::NowPrimaryContext*>(context) != nullptr) {
      return std::make_unique<ast::NowExpr>(range);
    }
    if (auto* paren = dynamic_cast<SlacParser::ParenPrimaryContext*>(context)) {
      ast::ExprPtr inner = BuildExpr(paren->expr());
      // The parentheses belong to the expression's range, so carets cover them.
      inner->range = range;
      return inner;
    }
    if (auto* set = dynamic_cast<SlacParser::SetPrimaryContext*>(context)) {
      return BuildSet(set->setLiteral());
    }
    if (auto* call = dynamic_cast<SlacParser::CallPrimaryContext*>(context)) {
      auto node = std::make_unique<ast::CallExpr>(range, QName(call->qualifiedName()));
      for (auto* argument : call->expr()) {
        node->arguments.push_back(BuildExpr(argument));
      }
      return node;
    }
    if (auto* name = dynamic_cast<SlacParser::NamePrimaryContext*>(context)) {
      return std::make_unique<ast::NameExpr>(range, QName(name->qualifiedName()));
    }
    if (auto* any = dynamic_cast<SlacParser::AnyPrimaryContext*>(context)) {
      return BuildWindow(range, ast::WindowOp::kAny, any->eventPattern(), any->window());
    }
    if (auto* each = dynamic_cast<SlacParser::EachPrimaryContext*>(context)) {
      return BuildWindow(range, ast::WindowOp::kEach, each->eventPattern(), each->window());
    }
    if (auto* count = dynamic_cast<SlacParser::CountPrimaryContext*>(context)) {
      return BuildWindow(range, ast::WindowOp::kCount, count->eventPattern(), count->window());
    }
    if (auto* distinct = dynamic_cast<SlacParser::DistinctPrimaryContext*>(context)) {
      auto node = BuildWindow(range, ast::WindowOp::kDistinct, distinct->eventPattern(),
                              distinct->window());
      node->attribute = Ident(distinct->name());
      return node;
    }
    if (auto* since = dynamic_cast<SlacParser::SincePrimaryContext*>(context)) {
      return std::make_unique<ast::SinceExpr>(range, BuildEventPattern(since->eventPattern()));
    }
    if (auto* match = dynamic_cast<SlacParser::CasePrimaryContext*>(context)) {
      auto node = std::make_unique<ast::CaseExpr>(range);
      for (auto* arm : match->caseArm()) {
        ast::CaseArm built;
        built.range = Range(arm);
        if (auto* otherwise = dynamic_cast<SlacParser::OtherwiseArmContext*>(arm)) {
          built.value = BuildExpr(otherwise->expr());
        } else if (auto* condition = dynamic_cast<SlacParser::ConditionArmContext*>(arm)) {
          built.condition = BuildExpr(condition->expr(0));
          built.value = BuildExpr(condition->expr(1));
        }
        node->arms.push_back(std::move(built));
      }
      return node;
    }
    return Error(context);
  }

  std::unique_ptr<ast::WindowExpr> BuildWindow(SourceRange range, ast::WindowOp op,
                                               SlacParser::EventPatternContext* pattern,
                                               SlacParser::WindowContext* window) {
    auto node = std::make_unique<ast::WindowExpr>(range, op, BuildEventPattern(pattern));
    if (window == nullptr) {
      return node;
    }
    node->within = BuildDurationTerm(window->durationTerm());
    return node;
  }

  // A duration literal or the name of a duration; a bad unit was reported with the tokens.
  ast::ExprPtr BuildDurationTerm(SlacParser::DurationTermContext* context) {
    if (context == nullptr) {
      return std::make_unique<ast::ErrorExpr>(SourceRange{});
    }
    if (context->DURATION() != nullptr) {
      return Duration(context->DURATION());
    }
    if (context->name() != nullptr) {
      ast::QualifiedName name;
      name.parts.push_back(Ident(context->name()));
      name.range = Range(context->name());
      SourceRange range = name.range;
      return std::make_unique<ast::NameExpr>(range, std::move(name));
    }
    return Error(context);
  }

  ast::EventPattern BuildEventPattern(SlacParser::EventPatternContext* context) {
    ast::EventPattern pattern;
    if (context == nullptr) {
      return pattern;
    }
    pattern.range = Range(context);
    pattern.kind = Ident(context->name());
    for (auto* filter : context->attributeFilter()) {
      pattern.filters.push_back(
          ast::AttributeFilter{Ident(filter->name()), BuildExpr(filter->expr())});
    }
    return pattern;
  }

  ast::ExprPtr BuildSet(SlacParser::SetLiteralContext* context) {
    auto node = std::make_unique<ast::SetExpr>(Range(context));
    if (context != nullptr) {
      for (auto* element : context->expr()) {
        node->elements.push_back(BuildExpr(element));
      }
    }
    return node;
  }

  ast::ExprPtr Duration(TerminalNode* node) {
    return std::make_unique<ast::DurationLiteral>(Range(node), DurationMs(node), node->getText());
  }

  ast::ExprPtr BuildLiteral(SlacParser::LiteralContext* context) {
    SourceRange range = Range(context);
    if (context == nullptr || context->getStart() == nullptr || IsConjured(context->getStart())) {
      return std::make_unique<ast::ErrorExpr>(range);
    }
    // A literal is a single token; its text is the token's.
    std::string text = context->getStart()->getText();
    if (context->INT() != nullptr) {
      return std::make_unique<ast::IntLiteral>(range, Integer(context->INT()));
    }
    if (context->NUMBER() != nullptr) {
      return std::make_unique<ast::NumberLiteral>(range, literals::ParseDouble(text));
    }
    if (context->PERCENT() != nullptr) {
      double fraction = literals::ParseDouble(text.substr(0, text.size() - 1)) / 100.0;
      return std::make_unique<ast::PercentLiteral>(range, fraction, text);
    }
    if (context->DURATION() != nullptr) {
      return Duration(context->DURATION());
    }
    if (context->STRING() != nullptr || context->UNTERMINATED_STRING() != nullptr) {
      TerminalNode* node = context->STRING() ? context->STRING() : context->UNTERMINATED_STRING();
      return std::make_unique<ast::StringLiteral>(range, DecodeString(node));
    }
    if (context->TRUE() != nullptr || context->FALSE() != nullptr) {
      return std::make_unique<ast::BoolLiteral>(range, context->TRUE() != nullptr);
    }
    if (context->DATE() != nullptr) {
      std::optional<ast::Date> date = Date(context->DATE());
      if (!date) {
        return std::make_unique<ast::ErrorExpr>(range);
      }
      return std::make_unique<ast::DateLiteral>(range, *date);
    }
    if (context->INSTANT() != nullptr) {
      auto node = std::make_unique<ast::InstantLiteral>(range, text);
      std::string reason;
      if (!literals::ParseInstant(*node, reason)) {
        sink_.Report(DiagCode::kInvalidInstant, range, text, reason);
        return std::make_unique<ast::ErrorExpr>(range);
      }
      return node;
    }
    if (context->TIME_OF_DAY() != nullptr) {
      return std::make_unique<ast::TimeOfDayLiteral>(range, TimeOfDay(context->TIME_OF_DAY()));
    }
    // BAD_UNIT was reported when the tokens were checked.
    return std::make_unique<ast::ErrorExpr>(range);
  }

  FileId file_;
  DiagnosticSink& sink_;
};

}  // namespace

ast::PolicyFile BuildAst(FileId file, SlacParser::PolicyFileContext* tree, DiagnosticSink& sink) {
  Builder builder(file, sink);
  return builder.BuildFile(tree);
}

}  // namespace slac::parse_internal
