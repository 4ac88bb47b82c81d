#include "codegen/codegen.h"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/Verifier.h>

#include <cmath>
#include <limits>
#include <vector>

#include "codegen/eval_abi.h"
#include "diagnostics/check.h"

namespace slac::codegen {
namespace {

using ir::Op;
using ir::ValueType;

// Indices of EvalArgs members; each is one 8-byte slot.
enum ArgSlot : unsigned {
  kFields = 0,
  kEvents,
  kEventCount,
  kNow,
  kStringTables,
  kStringCount,
  kStringConstants,
  kContext,
  kInSetHook,
  kDecayHook,
  kArgSlotCount,
};

class Generator {
 public:
  Generator(const ir::Program& program, llvm::LLVMContext& context)
      : program_(program),
        context_(context),
        module_(std::make_unique<llvm::Module>("policy", context)),
        builder_(context),
        i64_(llvm::Type::getInt64Ty(context)),
        i32_(llvm::Type::getInt32Ty(context)),
        f64_(llvm::Type::getDoubleTy(context)),
        ptr_(llvm::PointerType::get(context, 0)) {}

  std::unique_ptr<llvm::Module> Run() {
    auto* type = llvm::FunctionType::get(llvm::Type::getVoidTy(context_), {ptr_, ptr_}, false);
    function_ = llvm::Function::Create(type, llvm::Function::ExternalLinkage, kEvaluateSymbol,
                                       module_.get());
    args_ = function_->getArg(0);
    results_ = function_->getArg(1);
    function_->addParamAttr(0, llvm::Attribute::NoAlias);
    function_->addParamAttr(1, llvm::Attribute::NoAlias);
    builder_.SetInsertPoint(llvm::BasicBlock::Create(context_, "entry", function_));

    registers_.reserve(program_.code.size());
    for (const ir::Instr& instr : program_.code) {
      registers_.push_back(Emit(instr));
    }
    for (size_t i = 0; i < program_.results.size(); ++i) {
      llvm::Value* slot = builder_.CreateConstInBoundsGEP1_64(i64_, results_, i);
      builder_.CreateStore(registers_[static_cast<size_t>(program_.results[i].reg)], slot);
    }
    builder_.CreateRetVoid();

    SLAC_CHECK(!llvm::verifyFunction(*function_, &llvm::errs()),
               "generated code failed LLVM verification");
    return std::move(module_);
  }

 private:
  // ---- Small pieces ---------------------------------------------------------------------

  llvm::Value* Arg(ArgSlot slot, llvm::Type* type) {
    llvm::Value* address = builder_.CreateConstInBoundsGEP1_64(i64_, args_, slot);
    return builder_.CreateLoad(type, address);
  }

  llvm::Value* Reg(int32_t index) { return registers_[static_cast<size_t>(index)]; }
  llvm::Value* Int(int64_t value) { return builder_.getInt64(static_cast<uint64_t>(value)); }
  llvm::Value* Missing() { return Int(ir::kMissing); }
  llvm::Value* IsMissing(llvm::Value* value) { return builder_.CreateICmpEQ(value, Missing()); }
  llvm::Value* ToDouble(llvm::Value* slot) { return builder_.CreateBitCast(slot, f64_); }
  llvm::Value* FromDouble(llvm::Value* value) { return builder_.CreateBitCast(value, i64_); }
  llvm::Value* Bool(llvm::Value* flag) { return builder_.CreateZExt(flag, i64_); }
  llvm::Value* Truth(llvm::Value* slot) { return builder_.CreateICmpNE(slot, Int(0)); }
  llvm::Value* NaN() {
    return FromDouble(llvm::ConstantFP::get(f64_, std::numeric_limits<double>::quiet_NaN()));
  }

  // ---- Instructions ---------------------------------------------------------------------

  llvm::Value* Emit(const ir::Instr& instr) {
    switch (instr.op) {
      case Op::kConst:
        return instr.type == ValueType::kNumber
                   ? FromDouble(llvm::ConstantFP::get(f64_, instr.fimm))
                   : Int(instr.imm);
      case Op::kString: {
        llvm::Value* constants = Arg(kStringConstants, ptr_);
        return builder_.CreateLoad(i64_,
                                   builder_.CreateConstInBoundsGEP1_64(i64_, constants, instr.imm));
      }
      case Op::kField: {
        llvm::Value* fields = Arg(kFields, ptr_);
        llvm::Value* value =
            builder_.CreateLoad(i64_, builder_.CreateConstInBoundsGEP1_64(i64_, fields, instr.imm));
        // A missing bool reads as false.
        return instr.type == ValueType::kBool
                   ? builder_.CreateSelect(IsMissing(value), Int(0), value)
                   : value;
      }
      case Op::kNow:
        return Arg(kNow, i64_);
      case Op::kIsPresent: {
        ValueType type = program_.code[static_cast<size_t>(instr.a)].type;
        if (type == ValueType::kNumber) {
          llvm::Value* value = ToDouble(Reg(instr.a));
          return Bool(builder_.CreateFCmpORD(value, value));
        }
        return Bool(builder_.CreateICmpNE(Reg(instr.a), Missing()));
      }
      case Op::kNeg:
        if (instr.type == ValueType::kNumber) {
          return FromDouble(builder_.CreateFNeg(ToDouble(Reg(instr.a))));
        }
        return builder_.CreateSelect(IsMissing(Reg(instr.a)), Missing(),
                                     builder_.CreateNeg(Reg(instr.a)));
      case Op::kNot:
        return Bool(builder_.CreateICmpEQ(Reg(instr.a), Int(0)));
      case Op::kAdd:
      case Op::kSub:
      case Op::kMul:
      case Op::kDiv:
        return instr.type == ValueType::kNumber ? NumberArithmetic(instr) : IntArithmetic(instr);
      case Op::kIntToNumber:
        return builder_.CreateSelect(IsMissing(Reg(instr.a)), NaN(),
                                     FromDouble(builder_.CreateSIToFP(Reg(instr.a), f64_)));
      case Op::kScale:
        return Scale(instr);
      case Op::kEqual:
      case Op::kNotEqual:
      case Op::kLess:
      case Op::kLessEqual:
      case Op::kGreater:
      case Op::kGreaterEqual:
        return Compare(instr);
      case Op::kAnd:
        return Bool(builder_.CreateAnd(Truth(Reg(instr.a)), Truth(Reg(instr.b))));
      case Op::kOr:
        return Bool(builder_.CreateOr(Truth(Reg(instr.a)), Truth(Reg(instr.b))));
      case Op::kSelect:
        return builder_.CreateSelect(Truth(Reg(instr.a)), Reg(instr.b), Reg(instr.c));
      case Op::kStringOp:
        return StringOp(instr);
      case Op::kInSet:
        return InSet(instr);
      case Op::kWindow:
        return Window(instr);
      case Op::kMin: {
        // std::min(a, b) is `b < a ? b : a`.
        llvm::Value* a = ToDouble(Reg(instr.a));
        llvm::Value* b = ToDouble(Reg(instr.b));
        return FromDouble(builder_.CreateSelect(builder_.CreateFCmpOLT(b, a), b, a));
      }
      case Op::kMax: {
        // std::max(a, b) is `a < b ? b : a`.
        llvm::Value* a = ToDouble(Reg(instr.a));
        llvm::Value* b = ToDouble(Reg(instr.b));
        return FromDouble(builder_.CreateSelect(builder_.CreateFCmpOLT(a, b), b, a));
      }
      case Op::kClamp: {
        // std::clamp(v, lo, hi) is `v < lo ? lo : hi < v ? hi : v`.
        llvm::Value* v = ToDouble(Reg(instr.a));
        llvm::Value* lo = ToDouble(Reg(instr.b));
        llvm::Value* hi = ToDouble(Reg(instr.c));
        llvm::Value* upper = builder_.CreateSelect(builder_.CreateFCmpOLT(hi, v), hi, v);
        return FromDouble(builder_.CreateSelect(builder_.CreateFCmpOLT(v, lo), lo, upper));
      }
    }
    SLAC_CHECK(false, "an IR operation has no code generation");
    return nullptr;
  }

  llvm::Value* NumberArithmetic(const ir::Instr& instr) {
    llvm::Value* a = ToDouble(Reg(instr.a));
    llvm::Value* b = ToDouble(Reg(instr.b));
    switch (instr.op) {
      case Op::kAdd:
        return FromDouble(builder_.CreateFAdd(a, b));
      case Op::kSub:
        return FromDouble(builder_.CreateFSub(a, b));
      case Op::kMul:
        return FromDouble(builder_.CreateFMul(a, b));
      default:
        return FromDouble(builder_.CreateFDiv(a, b));
    }
  }

  // Overflow, division by zero and a missing operand all give a missing result; the
  // division is done on safe operands so it can never trap.
  llvm::Value* IntArithmetic(const ir::Instr& instr) {
    llvm::Value* a = Reg(instr.a);
    llvm::Value* b = Reg(instr.b);
    llvm::Value* missing = builder_.CreateOr(IsMissing(a), IsMissing(b));
    llvm::Value* result = nullptr;
    if (instr.op == Op::kDiv) {
      llvm::Value* zero = builder_.CreateICmpEQ(b, Int(0));
      llvm::Value* safe_b = builder_.CreateSelect(zero, Int(1), b);
      llvm::Value* safe_a = builder_.CreateSelect(IsMissing(a), Int(0), a);
      result = builder_.CreateSDiv(safe_a, safe_b);
      missing = builder_.CreateOr(missing, zero);
    } else {
      llvm::Intrinsic::ID id = instr.op == Op::kAdd   ? llvm::Intrinsic::sadd_with_overflow
                               : instr.op == Op::kSub ? llvm::Intrinsic::ssub_with_overflow
                                                      : llvm::Intrinsic::smul_with_overflow;
      llvm::Value* pair = builder_.CreateBinaryIntrinsic(id, a, b);
      result = builder_.CreateExtractValue(pair, 0);
      missing = builder_.CreateOr(missing, builder_.CreateExtractValue(pair, 1));
    }
    missing = builder_.CreateOr(missing, IsMissing(result));
    return builder_.CreateSelect(missing, Missing(), result);
  }

  llvm::Value* Scale(const ir::Instr& instr) {
    llvm::Value* duration = Reg(instr.a);
    llvm::Value* scaled =
        builder_.CreateFMul(builder_.CreateSIToFP(duration, f64_), ToDouble(Reg(instr.b)));
    llvm::Value* magnitude = builder_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, scaled);
    // `|x| < 9e18` is false for NaN and infinities, so it also checks finiteness.
    llvm::Value* fits =
        builder_.CreateAnd(builder_.CreateICmpNE(duration, Missing()),
                           builder_.CreateFCmpOLT(magnitude, llvm::ConstantFP::get(f64_, 9.0e18)));
    llvm::Value* safe = builder_.CreateSelect(fits, scaled, llvm::ConstantFP::get(f64_, 0.0));
    llvm::Function* llround =
        llvm::Intrinsic::getDeclaration(module_.get(), llvm::Intrinsic::llround, {i64_, f64_});
    llvm::Value* rounded = builder_.CreateCall(llround, {safe});
    return builder_.CreateSelect(fits, rounded, Missing());
  }

  llvm::Value* Compare(const ir::Instr& instr) {
    if (instr.fimm != 0) {
      llvm::Value* a = ToDouble(Reg(instr.a));
      llvm::Value* b = ToDouble(Reg(instr.b));
      // Ordered comparisons are false when either side is NaN, as a missing value must be.
      switch (instr.op) {
        case Op::kEqual:
          return Bool(builder_.CreateFCmpOEQ(a, b));
        case Op::kNotEqual:
          return Bool(builder_.CreateFCmpONE(a, b));
        case Op::kLess:
          return Bool(builder_.CreateFCmpOLT(a, b));
        case Op::kLessEqual:
          return Bool(builder_.CreateFCmpOLE(a, b));
        case Op::kGreater:
          return Bool(builder_.CreateFCmpOGT(a, b));
        default:
          return Bool(builder_.CreateFCmpOGE(a, b));
      }
    }
    llvm::Value* a = Reg(instr.a);
    llvm::Value* b = Reg(instr.b);
    llvm::Value* result = nullptr;
    switch (instr.op) {
      case Op::kEqual:
        result = builder_.CreateICmpEQ(a, b);
        break;
      case Op::kNotEqual:
        result = builder_.CreateICmpNE(a, b);
        break;
      case Op::kLess:
        result = builder_.CreateICmpSLT(a, b);
        break;
      case Op::kLessEqual:
        result = builder_.CreateICmpSLE(a, b);
        break;
      case Op::kGreater:
        result = builder_.CreateICmpSGT(a, b);
        break;
      default:
        result = builder_.CreateICmpSGE(a, b);
        break;
    }
    llvm::Value* present = builder_.CreateAnd(builder_.CreateICmpNE(a, Missing()),
                                              builder_.CreateICmpNE(b, Missing()));
    return Bool(builder_.CreateAnd(present, result));
  }

  // A table lookup by string id; ids outside the table (missing, or interned after the
  // tables were last brought up to date) read as the function's default.
  llvm::Value* StringOp(const ir::Instr& instr) {
    llvm::Value* id = Reg(instr.a);
    llvm::Value* count = Arg(kStringCount, i64_);
    llvm::Value* in_range = builder_.CreateICmpULT(id, count);
    llvm::Value* safe_id = builder_.CreateSelect(in_range, id, Int(0));
    llvm::Value* tables = Arg(kStringTables, ptr_);
    llvm::Value* table =
        builder_.CreateLoad(ptr_, builder_.CreateConstInBoundsGEP1_64(ptr_, tables, instr.aux));
    llvm::Value* value =
        builder_.CreateLoad(i64_, builder_.CreateInBoundsGEP(i64_, table, safe_id));
    llvm::Value* fallback = instr.type == ValueType::kBool ? Int(0) : Missing();
    return builder_.CreateSelect(in_range, value, fallback);
  }

  llvm::Value* InSet(const ir::Instr& instr) {
    const ir::ConstSet& set = program_.sets[static_cast<size_t>(instr.aux)];
    llvm::Value* value = Reg(instr.a);
    if (set.strings.empty()) {
      // Constants never equal the missing value, so no separate check is needed.
      llvm::Value* found = builder_.getFalse();
      for (int64_t element : set.values) {
        found = builder_.CreateOr(found, builder_.CreateICmpEQ(value, Int(element)));
      }
      return Bool(found);
    }
    auto* hook_type = llvm::FunctionType::get(i64_, {ptr_, i32_, i64_}, false);
    llvm::Value* hook = Arg(kInSetHook, ptr_);
    return builder_.CreateCall(hook_type, hook,
                               {Arg(kContext, ptr_), builder_.getInt32(instr.aux), value});
  }

  // ---- Windows ---------------------------------------------------------------------------
  //
  // A window is a loop over the lead's events, computing what interp::EvaluateWindow does
  // in the same order, so sums of decayed points round identically.

  // What every event test of one window shares, computed once before its loop.
  struct WindowBounds {
    llvm::Value* now = nullptr;
    llvm::Value* within = nullptr;  // null for all history
    std::vector<llvm::Value*> filter_values;
  };

  // Whether the event at `event` counts for `window`.
  llvm::Value* EventMatches(const ir::Window& window, const WindowBounds& bounds,
                            llvm::Value* event) {
    llvm::Value* at = LoadSlot(event, 0);
    if (window.kind == ir::WindowKind::kFuture) {
      return builder_.CreateICmpSGT(at, bounds.now);
    }
    llvm::Value* match =
        builder_.CreateAnd(builder_.CreateICmpEQ(LoadSlot(event, 1), Int(window.event_kind)),
                           builder_.CreateICmpSLE(at, bounds.now));
    if (bounds.within != nullptr) {
      // A missing length (read as -2) matches nothing; another negative length limits
      // nothing, as in the interpreter.
      llvm::Value* nothing = builder_.CreateICmpEQ(bounds.within, Int(-2));
      llvm::Value* limited = builder_.CreateICmpSGE(bounds.within, Int(0));
      llvm::Value* too_old =
          builder_.CreateICmpSGT(builder_.CreateSub(bounds.now, at), bounds.within);
      llvm::Value* excluded = builder_.CreateOr(nothing, builder_.CreateAnd(limited, too_old));
      match = builder_.CreateAnd(match, builder_.CreateNot(excluded));
    }
    for (size_t f = 0; f < window.filters.size(); ++f) {
      llvm::Value* attribute = LoadSlot(event, 2 + window.filters[f].slot);
      match = builder_.CreateAnd(match, builder_.CreateICmpEQ(attribute, bounds.filter_values[f]));
    }
    return match;
  }

  llvm::Value* LoadSlot(llvm::Value* base, int64_t index) {
    return builder_.CreateLoad(i64_, builder_.CreateConstInBoundsGEP1_64(i64_, base, index));
  }

  llvm::Value* EventAt(llvm::Value* events, llvm::Value* index) {
    llvm::Value* offset = builder_.CreateMul(index, Int(program_.layout.event_stride));
    return builder_.CreateInBoundsGEP(i64_, events, offset);
  }

  llvm::BasicBlock* NewBlock(const char* name) {
    return llvm::BasicBlock::Create(context_, name, function_);
  }

  llvm::Value* Window(const ir::Instr& instr) {
    const ir::Window& window = program_.windows[static_cast<size_t>(instr.aux)];
    WindowBounds bounds;
    bounds.now = Arg(kNow, i64_);
    if (window.within >= 0) {
      llvm::Value* within = Reg(window.within);
      bounds.within = builder_.CreateSelect(IsMissing(within), Int(-2), within);
    }
    for (const ir::WindowFilter& filter : window.filters) {
      bounds.filter_values.push_back(Reg(filter.value));
    }
    llvm::Value* events = Arg(kEvents, ptr_);
    llvm::Value* event_count = Arg(kEventCount, i64_);
    bool decayed = window.half_life_ms > 0 && (window.kind == ir::WindowKind::kDecayedSum ||
                                               window.kind == ir::WindowKind::kAnyWeight);
    llvm::Value* decay = decayed ? Arg(kDecayHook, ptr_) : nullptr;

    // The loop keeps one accumulator per window kind in `state`, merged by phis.
    llvm::BasicBlock* preheader = builder_.GetInsertBlock();
    llvm::BasicBlock* header = NewBlock("window_header");
    llvm::BasicBlock* body = NewBlock("window_body");
    llvm::BasicBlock* matched = NewBlock("window_matched");
    llvm::BasicBlock* latch = NewBlock("window_latch");
    llvm::BasicBlock* exit = NewBlock("window_exit");
    builder_.CreateBr(header);

    builder_.SetInsertPoint(header);
    llvm::Type* state_type = StateType(window.kind);
    llvm::PHINode* index = builder_.CreatePHI(i64_, 2, "event");
    llvm::PHINode* state = builder_.CreatePHI(state_type, 2, "state");
    index->addIncoming(Int(0), preheader);
    state->addIncoming(InitialState(window.kind), preheader);
    builder_.CreateCondBr(builder_.CreateICmpSLT(index, event_count), body, exit);

    builder_.SetInsertPoint(body);
    llvm::Value* event = EventAt(events, index);
    builder_.CreateCondBr(EventMatches(window, bounds, event), matched, latch);

    builder_.SetInsertPoint(matched);
    llvm::Value* updated = UpdateState(window, bounds, events, index, event, decay, state);
    llvm::BasicBlock* matched_end = builder_.GetInsertBlock();
    builder_.CreateBr(latch);

    builder_.SetInsertPoint(latch);
    llvm::PHINode* next_state = builder_.CreatePHI(state_type, 2);
    next_state->addIncoming(state, body);
    next_state->addIncoming(updated, matched_end);
    llvm::Value* next_index = builder_.CreateAdd(index, Int(1));
    index->addIncoming(next_index, latch);
    state->addIncoming(next_state, latch);
    builder_.CreateBr(header);

    builder_.SetInsertPoint(exit);
    return FinalValue(window.kind, bounds, state);
  }

  llvm::Type* StateType(ir::WindowKind kind) {
    return kind == ir::WindowKind::kDecayedSum || kind == ir::WindowKind::kAnyWeight ? f64_ : i64_;
  }

  llvm::Value* InitialState(ir::WindowKind kind) {
    switch (kind) {
      case ir::WindowKind::kAny:
      case ir::WindowKind::kCount:
      case ir::WindowKind::kDistinct:
      case ir::WindowKind::kFuture:
        return Int(0);
      case ir::WindowKind::kSince:
        return Missing();
      case ir::WindowKind::kDecayedSum:
      case ir::WindowKind::kAnyWeight:
        return llvm::ConstantFP::get(f64_, 0.0);
    }
    SLAC_CHECK(false, "a window kind has no code generation");
    return nullptr;
  }

  // The accumulator after one more matching event.
  llvm::Value* UpdateState(const ir::Window& window, const WindowBounds& bounds,
                           llvm::Value* events, llvm::Value* index, llvm::Value* event,
                           llvm::Value* decay, llvm::Value* state) {
    switch (window.kind) {
      case ir::WindowKind::kAny:
      case ir::WindowKind::kCount:
      case ir::WindowKind::kFuture:
        return builder_.CreateAdd(state, Int(1));
      case ir::WindowKind::kSince: {
        // std::max(latest, at) is `latest < at ? at : latest`.
        llvm::Value* at = LoadSlot(event, 0);
        return builder_.CreateSelect(builder_.CreateICmpSLT(state, at), at, state);
      }
      case ir::WindowKind::kDecayedSum:
        return builder_.CreateFAdd(state,
                                   builder_.CreateFMul(llvm::ConstantFP::get(f64_, window.points),
                                                       Weight(window, bounds, event, decay)));
      case ir::WindowKind::kAnyWeight: {
        llvm::Value* weight = Weight(window, bounds, event, decay);
        return builder_.CreateSelect(builder_.CreateFCmpOLT(state, weight), weight, state);
      }
      case ir::WindowKind::kDistinct:
        return CountIfNew(window, bounds, events, index, event, state);
    }
    SLAC_CHECK(false, "a window kind has no code generation");
    return nullptr;
  }

  llvm::Value* Weight(const ir::Window& window, const WindowBounds& bounds, llvm::Value* event,
                      llvm::Value* decay) {
    if (decay == nullptr) {
      return llvm::ConstantFP::get(f64_, 1.0);
    }
    llvm::Value* age = builder_.CreateSub(bounds.now, LoadSlot(event, 0));
    auto* type = llvm::FunctionType::get(f64_, {i64_, i64_}, false);
    return builder_.CreateCall(type, decay, {age, Int(window.half_life_ms)});
  }

  // A distinct count grows when the event's attribute is present and no earlier matching
  // event had the same value: an inner loop over the events before this one.
  llvm::Value* CountIfNew(const ir::Window& window, const WindowBounds& bounds, llvm::Value* events,
                          llvm::Value* index, llvm::Value* event, llvm::Value* state) {
    llvm::Value* value = LoadSlot(event, 2 + window.attribute_slot);
    llvm::BasicBlock* entry = builder_.GetInsertBlock();
    llvm::BasicBlock* header = NewBlock("distinct_header");
    llvm::BasicBlock* body = NewBlock("distinct_body");
    llvm::BasicBlock* done = NewBlock("distinct_done");
    builder_.CreateCondBr(IsMissing(value), done, header);

    builder_.SetInsertPoint(header);
    llvm::PHINode* earlier = builder_.CreatePHI(i64_, 2, "earlier");
    llvm::PHINode* seen = builder_.CreatePHI(builder_.getInt1Ty(), 2, "seen");
    earlier->addIncoming(Int(0), entry);
    seen->addIncoming(builder_.getFalse(), entry);
    llvm::Value* unseen = builder_.CreateNot(seen);
    builder_.CreateCondBr(builder_.CreateICmpSLT(earlier, index), body, done);

    builder_.SetInsertPoint(body);
    llvm::Value* other = EventAt(events, earlier);
    llvm::Value* same = builder_.CreateAnd(
        EventMatches(window, bounds, other),
        builder_.CreateICmpEQ(LoadSlot(other, 2 + window.attribute_slot), value));
    earlier->addIncoming(builder_.CreateAdd(earlier, Int(1)), body);
    seen->addIncoming(builder_.CreateOr(seen, same), body);
    builder_.CreateBr(header);

    builder_.SetInsertPoint(done);
    llvm::PHINode* is_new = builder_.CreatePHI(builder_.getInt1Ty(), 2);
    is_new->addIncoming(builder_.getFalse(), entry);
    is_new->addIncoming(unseen, header);
    return builder_.CreateAdd(state, Bool(is_new));
  }

  llvm::Value* FinalValue(ir::WindowKind kind, const WindowBounds& bounds, llvm::Value* state) {
    switch (kind) {
      case ir::WindowKind::kAny:
        return Bool(builder_.CreateICmpSGT(state, Int(0)));
      case ir::WindowKind::kCount:
      case ir::WindowKind::kDistinct:
      case ir::WindowKind::kFuture:
        return state;
      case ir::WindowKind::kSince:
        return builder_.CreateSelect(IsMissing(state), Missing(),
                                     builder_.CreateSub(bounds.now, state));
      case ir::WindowKind::kDecayedSum:
      case ir::WindowKind::kAnyWeight:
        return FromDouble(state);
    }
    SLAC_CHECK(false, "a window kind has no code generation");
    return nullptr;
  }

  const ir::Program& program_;
  llvm::LLVMContext& context_;
  std::unique_ptr<llvm::Module> module_;
  llvm::IRBuilder<> builder_;
  llvm::Type* i64_;
  llvm::Type* i32_;
  llvm::Type* f64_;
  llvm::PointerType* ptr_;
  llvm::Function* function_ = nullptr;
  llvm::Value* args_ = nullptr;
  llvm::Value* results_ = nullptr;
  std::vector<llvm::Value*> registers_;
};

}  // namespace

std::unique_ptr<llvm::Module> GenerateModule(const ir::Program& program,
                                             llvm::LLVMContext& context) {
  Generator generator(program, context);
  return generator.Run();
}

}  // namespace slac::codegen
