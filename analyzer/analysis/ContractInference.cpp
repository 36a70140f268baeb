//===- analysis/ContractInference.cpp - What is held when methods are called ===//
#include "analysis/ContractInference.h"

#include "analysis/SummaryEngine.h"

namespace lockcheck::analysis {

void ContractInference::onCheckpoint(const CheckpointReached &E, const PathRenderer &) {
  if (!E.UnmetAtEntry || E.Site.K != Checkpoint::Kind::MethodCall)
    return;
  MethodEntryStats &M = Methods[(E.Site.Record + "." + E.Site.Field).str()];
  ++M.Ways;
  if (!E.Site.HeldBelow)
    return;
  // One way in may hold two locks of a class (two inodes): count the class once,
  // exclusive or shared only when every lock of it is.
  std::map<std::string, unsigned> Modes; // bit 0 exclusive, bit 1 shared
  for (uint64_t H : *E.Site.HeldBelow)
    Modes[Engine.className(H).str()] |= (H & 1) ? 2u : 1u;
  for (const auto &[Class, Mode] : Modes) {
    HeldCounts &C = M.Locks[Class];
    ++C.Held;
    C.Exclusive += Mode == 1;
    C.Shared += Mode == 2;
  }
}

} // namespace lockcheck::analysis
