//===- tool/Options.h - The lockcheck command line's options --------------===//
//
// The subcommands and options of `lockcheck`, defined once in Options.cpp so
// that every file of the command (lockcheck.cpp, CommandSupport.cpp,
// QueryCommands.cpp) reads the same ones. llvm::cl options are globals that
// register themselves when constructed; only the command's own files read
// them: the libraries of tool/ take what they need as arguments
// (PatchModeOptions, ExtractionLimits), so their tests need no command line.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_TOOL_OPTIONS_H
#define LOCKCHECK_TOOL_OPTIONS_H

#include "tool/PatchMode.h"

#include "llvm/Support/CommandLine.h"

#include <string>

namespace lockcheck::tool::cli {

/// --format of check and analyze.
enum class OutputFormat { Text, Json, Sarif, Html };
/// --format of graph.
enum class GraphFormat { Dot };

/// The subcommands, and the category main() shows in --help (LLVM's own
/// options are hidden).
/// @{
extern llvm::cl::OptionCategory Category;
extern llvm::cl::SubCommand CheckCmd;
extern llvm::cl::SubCommand ExtractCmd;
extern llvm::cl::SubCommand AnalyzeCmd;
extern llvm::cl::SubCommand PathsCmd;
extern llvm::cl::SubCommand BaselineCmd;
extern llvm::cl::SubCommand InferCmd;
extern llvm::cl::SubCommand GraphCmd;
extern llvm::cl::SubCommand PatchCmd;
/// @}

/// The options, each registered with the subcommands that take it; the
/// descriptions in Options.cpp are what --help prints.
/// @{
extern llvm::cl::opt<std::string> BuildDir;
extern llvm::cl::list<std::string> FactsDirs;
extern llvm::cl::opt<std::string> Shard;
extern llvm::cl::opt<OutputFormat> Format;
extern llvm::cl::opt<std::string> OutputFile;
extern llvm::cl::opt<std::string> BaselineFile;
extern llvm::cl::list<std::string> SuppressionFiles;
extern llvm::cl::opt<bool> ShowSuppressed;
extern llvm::cl::opt<unsigned> Jobs;
extern llvm::cl::opt<unsigned> TUTimeout;
extern llvm::cl::opt<std::string> FromFunction;
extern llvm::cl::opt<std::string> ToFunction;
extern llvm::cl::opt<unsigned> MaxPaths;
extern llvm::cl::list<std::string> PathsPaths;
extern llvm::cl::list<std::string> InferPaths;
extern llvm::cl::opt<GraphFormat> GraphOutputFormat;
extern llvm::cl::list<std::string> GraphPaths;
extern llvm::cl::opt<std::string> AnnotationsDir;
extern llvm::cl::opt<std::string> RulesPath;
extern llvm::cl::list<std::string> EnableRules;
extern llvm::cl::list<std::string> DisableRules;
extern llvm::cl::opt<bool> Quiet;
extern llvm::cl::list<std::string> CheckPaths;
extern llvm::cl::list<std::string> BaselinePaths;
extern llvm::cl::list<std::string> ExtractArgs;
extern llvm::cl::opt<std::string> CacheDir;
extern llvm::cl::opt<bool> NoCache;
extern llvm::cl::list<std::string> PatchInputs;
extern llvm::cl::opt<std::string> PatchBase;
extern llvm::cl::opt<PatchModeOptions::Format> PatchFormat;
extern llvm::cl::opt<bool> PatchTerse;
extern llvm::cl::opt<bool> PatchAnnotate;
extern llvm::cl::opt<std::string> PatchTargetUrl;
extern llvm::cl::list<std::string> EnabledCheckers;
extern llvm::cl::opt<bool> ListCheckers;
/// @}

} // namespace lockcheck::tool::cli

#endif // LOCKCHECK_TOOL_OPTIONS_H
