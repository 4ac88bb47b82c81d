#include "sema/sema.h"

#include "sema/checks.h"
#include "sema/symbols.h"

namespace slac {

void CheckPolicy(const ast::PolicyFile& file, DiagnosticSink& sink) {
  SymbolTable symbols = CollectSymbols(file, sink);
  CheckContext context{file, symbols, sink};
  for (const NamedCheck& check : AllChecks()) {
    check.run(context);
  }
}

}  // namespace slac
