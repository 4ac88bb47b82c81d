#include "testing/test_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "testing/policy_run.h"

namespace slac::testing {

const char* Name(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPassed:
      return "passed";
    case Outcome::kFailed:
      return "failed";
    case Outcome::kError:
      return "error";
  }
  return "?";
}

int RunResult::Count(Outcome outcome) const {
  return static_cast<int>(std::count_if(tests.begin(), tests.end(),
                                        [&](const TestResult& t) { return t.outcome == outcome; }));
}

namespace {

// The policy a file's tests run against: the file itself, or the policy a test file uses.
LoadedFile* PolicyOf(Workspace& workspace, LoadedFile& file) {
  if (file.ast.header && !file.ast.header->is_module) {
    return &file;
  }
  for (const ast::DeclPtr& decl : file.ast.decls) {
    if (decl->kind != ast::DeclKind::kUse || !ast::As<ast::UseDecl>(*decl).path) {
      continue;
    }
    LoadedFile* used = workspace.Resolve(file, ast::As<ast::UseDecl>(*decl));
    if (used != nullptr && used->ast.header && !used->ast.header->is_module) {
      return used;
    }
  }
  return nullptr;
}

}  // namespace

RunResult RunTests(Workspace& workspace, const std::vector<LoadedFile*>& files,
                   const RunOptions& options, DiagnosticSink& sink) {
  // Tests are grouped by the policy they run against, in the order the files were given.
  std::vector<std::unique_ptr<PolicyRun>> runs;
  std::map<const LoadedFile*, PolicyRun*> by_policy;
  std::set<const LoadedFile*> seen;
  for (LoadedFile* file : files) {
    if (!seen.insert(file).second) {
      continue;
    }
    LoadedFile* policy = PolicyOf(workspace, *file);
    if (policy == nullptr) {
      continue;
    }
    for (const ast::DeclPtr& decl : file->ast.decls) {
      if (decl->kind != ast::DeclKind::kTest) {
        continue;
      }
      const auto& test = ast::As<ast::TestDecl>(*decl);
      if (options.select && !options.select(test.name.value)) {
        continue;
      }
      PolicyRun*& run = by_policy[policy];
      if (run == nullptr) {
        runs.push_back(std::make_unique<PolicyRun>(workspace, *policy, sink));
        run = runs.back().get();
      }
      run->Plan(*file, test);
    }
  }

  // A policy given without tests still gets a coverage report: nothing of it is
  // exercised, which `--min-coverage` must see. Not when a filter chose the tests.
  for (LoadedFile* file : files) {
    bool is_policy = file->ast.header && !file->ast.header->is_module;
    if (is_policy && !options.select && by_policy.count(file) == 0) {
      runs.push_back(std::make_unique<PolicyRun>(workspace, *file, sink));
      by_policy[file] = runs.back().get();
    }
  }

  RunResult result;
  for (const auto& run : runs) {
    run->Run(result.tests, result.coverage);
  }
  return result;
}

}  // namespace slac::testing
