// Loading a policy (check, lower, compile) and evaluating it with either engine.
#include "slac/runtime.h"

#include <llvm/Support/Error.h>

#include <bit>
#include <cmath>
#include <thread>

#include "interp/interp.h"
#include "ir/lower.h"
#include "jit/jit.h"
#include "sema/analysis.h"
#include "sema/workspace.h"

namespace slac::runtime {

namespace {

// The label of each tier of `sla`, as the policy writes it: the name of the segment or
// let, or `otherwise`.
std::vector<std::string> TierLabels(const ast::SlaDecl& sla) {
  std::vector<std::string> labels;
  if (sla.targets.empty()) {
    return labels;
  }
  const auto& tiers = sla.targets.front().tiers;
  for (size_t i = 0; i < tiers.size(); ++i) {
    if (!tiers[i].condition) {
      labels.push_back(sla.targets.front().tiered ? "otherwise" : "");
    } else if (tiers[i].condition->kind == ast::ExprKind::kName) {
      labels.push_back(ast::As<ast::NameExpr>(*tiers[i].condition).name.Joined());
    } else {
      labels.push_back("tier " + std::to_string(i + 1));
    }
  }
  return labels;
}

ScoreLayout& ScoreOf(DecisionLayout& layout, const std::string& name) {
  for (ScoreLayout& known : layout.scores) {
    if (known.name == name) {
      return known;
    }
  }
  ScoreLayout& added = layout.scores.emplace_back();
  added.name = name;
  return added;
}

DecisionLayout BuildLayout(const ir::Program& program, const ast::PolicyFile& file) {
  using Kind = ir::ResultSlot::Kind;
  DecisionLayout layout;
  for (size_t i = 0; i < program.results.size(); ++i) {
    const ir::ResultSlot& result = program.results[i];
    int slot = static_cast<int>(i);
    NamedSlot named{result.name, result.type, slot};
    // An if-chain rather than a switch: result kinds the host does not show (probes of
    // tests) are skipped.
    if (result.kind == Kind::kScore) {
      ScoreOf(layout, result.name).slot = slot;
    } else if (result.kind == Kind::kRuleContribution) {
      // Named "score/label"; a label may hold a slash, a score name cannot.
      std::string score_name = result.name.substr(0, result.name.find('/'));
      named.name = result.name.substr(score_name.size() + 1);
      ScoreOf(layout, score_name).rules.push_back(named);
    } else if (result.kind == Kind::kSegment) {
      layout.segments.push_back(named);
    } else if (result.kind == Kind::kLet) {
      layout.lets.push_back(named);
    } else if (result.kind == Kind::kTier || result.kind == Kind::kTarget) {
      if (layout.slas.empty() || layout.slas.back().name != result.name) {
        layout.slas.emplace_back().name = result.name;
      }
      SlaLayout& sla = layout.slas.back();
      (result.kind == Kind::kTier ? sla.tier_slot : sla.target_slot) = slot;
    } else if (result.kind == Kind::kGuard) {
      layout.guards.push_back(named);
    } else if (result.kind == Kind::kStage) {
      layout.stage_slot = slot;
    } else if (result.kind == Kind::kFutureEvents) {
      layout.future_events_slot = slot;
    }
  }

  for (const ast::DeclPtr& decl : file.decls) {
    if (decl->kind != ast::DeclKind::kSla) {
      continue;
    }
    const auto& sla = ast::As<ast::SlaDecl>(*decl);
    for (SlaLayout& known : layout.slas) {
      if (known.name == sla.name.text) {
        known.tier_labels = TierLabels(sla);
      }
    }
  }
  return layout;
}

CacheStatus StatusOf(const jit::CacheReport& report) {
  CacheStatus status;
  status.problem = report.problem;
  switch (report.outcome) {
    case jit::CacheOutcome::kDisabled:
      status.use = CacheUse::kOff;
      break;
    case jit::CacheOutcome::kHit:
      status.use = CacheUse::kHit;
      break;
    case jit::CacheOutcome::kMiss:
      status.use = CacheUse::kMiss;
      break;
    case jit::CacheOutcome::kRebuilt:
      status.use = CacheUse::kRebuilt;
      break;
  }
  return status;
}

}  // namespace

// Builds a Policy; a class so that it may reach Policy's private members.
class PolicyLoader {
 public:
  static LoadResult Load(const std::string& path, const std::string* text,
                         const LoadOptions& options) {
    LoadResult result;
    result.sources = std::make_unique<SourceManager>();
    result.diagnostics = std::make_unique<DiagnosticSink>();
    Workspace workspace(*result.sources, *result.diagnostics, SemaOptions{options.stdlib_dir});
    LoadedFile* file = text ? workspace.LoadText(path, *text) : workspace.Load(path);
    workspace.CheckAll();
    if (file == nullptr || result.diagnostics->HasErrors()) {
      return result;
    }

    std::unique_ptr<Policy> policy(new Policy());
    policy->program_ = ir::Lower(workspace.AnalysisOf(*file), *result.diagnostics);
    if (result.diagnostics->HasErrors()) {
      return result;
    }
    policy->layout_ = BuildLayout(policy->program_, file->ast);
    policy->engine_ = options.engine;
    if (options.engine == Engine::kJit) {
      // Tiered, so that a large policy decides its first leads at once while its optimised
      // code compiles on another thread (and is cached for the next start).
      jit::JitOptions jit_options;
      jit_options.cache_directory = options.cache_directory;
      jit_options.tiered = true;
      auto native = jit::CompiledPolicy::Compile(policy->program_, jit_options);
      if (!native) {
        result.failure = llvm::toString(native.takeError());
        return result;
      }
      result.cache = StatusOf((*native)->cache_report());
      policy->native_ = std::move(*native);
    }
    result.policy = std::move(policy);
    return result;
  }
};

LoadResult LoadPolicy(const std::string& path, const LoadOptions& options) {
  return PolicyLoader::Load(path, nullptr, options);
}

LoadResult LoadPolicyText(const std::string& name, const std::string& text,
                          const LoadOptions& options) {
  return PolicyLoader::Load(name, &text, options);
}

Policy::~Policy() = default;

std::string Policy::WaitForOptimizedCode() {
  return native_ ? native_->WaitForOptimized() : std::string();
}

StringTable::StringTable(const Policy& policy)
    : tables_(std::make_unique<ir::Tables>(policy.program(), pool_)) {}

StringTable::~StringTable() = default;

void Policy::Evaluate(const StringTable& strings, const ir::Record& record, int64_t now_ms,
                      int64_t* results) const {
  if (native_) {
    native_->Evaluate(strings.tables(), record, now_ms, results);
    return;
  }
  // The interpreter's scratch registers, one set per thread.
  thread_local std::vector<int64_t> registers;
  interp::Evaluate(program_, strings.tables(), record, now_ms, registers, results);
}

void Policy::EvaluateBatch(const StringTable& strings, std::span<const ir::Record> records,
                           int64_t now_ms, int64_t* results, int threads) const {
  size_t stride = result_count();
  auto run = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      Evaluate(strings, records[i], now_ms, results + i * stride);
    }
  };
  size_t workers = static_cast<size_t>(std::max(1, threads));
  if (workers == 1 || records.size() < 2 * workers) {
    run(0, records.size());
    return;
  }
  size_t share = (records.size() + workers - 1) / workers;
  std::vector<std::jthread> helpers;
  for (size_t w = 1; w < workers; ++w) {
    size_t begin = std::min(records.size(), w * share);
    size_t end = std::min(records.size(), begin + share);
    helpers.emplace_back(run, begin, end);
  }
  run(0, std::min(records.size(), share));
}

bool DecisionValue::missing() const {
  return type == ir::ValueType::kNumber ? std::isnan(AsNumber()) : slot == ir::kMissing;
}

double DecisionValue::AsNumber() const { return std::bit_cast<double>(slot); }

Decision Decode(const Policy& policy, const int64_t* results, bool explain) {
  const DecisionLayout& layout = policy.layout();
  Decision decision;
  decision.policy = policy.name();
  decision.version = policy.version();
  if (layout.stage_slot >= 0) {
    int64_t stage = results[layout.stage_slot];
    decision.stage = policy.program().stages.at(static_cast<size_t>(stage));
  }
  for (const ScoreLayout& score : layout.scores) {
    ScoreValue& value = decision.scores.emplace_back();
    value.name = score.name;
    value.value = std::bit_cast<double>(results[score.slot]);
    if (explain) {
      for (const NamedSlot& rule : score.rules) {
        value.rules.push_back({rule.name, std::bit_cast<double>(results[rule.slot])});
      }
    }
  }
  for (const NamedSlot& segment : layout.segments) {
    decision.segments.emplace_back(segment.name, results[segment.slot] != 0);
  }
  for (const NamedSlot& let : layout.lets) {
    decision.lets.emplace_back(let.name, DecisionValue{let.type, results[let.slot]});
  }
  for (const SlaLayout& sla : layout.slas) {
    SlaValue& value = decision.slas.emplace_back();
    value.name = sla.name;
    int64_t tier = sla.tier_slot >= 0 ? results[sla.tier_slot] : ir::kMissing;
    if (tier != ir::kMissing && static_cast<size_t>(tier) < sla.tier_labels.size()) {
      value.tier = sla.tier_labels[static_cast<size_t>(tier)];
    }
    int64_t target = sla.target_slot >= 0 ? results[sla.target_slot] : ir::kMissing;
    if (target != ir::kMissing) {
      value.target_ms = target;
    }
  }
  for (const NamedSlot& guard : layout.guards) {
    decision.guards.emplace_back(guard.name, results[guard.slot] != 0);
  }
  if (layout.future_events_slot >= 0) {
    decision.future_events = results[layout.future_events_slot];
  }
  return decision;
}

}  // namespace slac::runtime
