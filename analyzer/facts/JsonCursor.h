//===- facts/JsonCursor.h - Pull reader for the facts' fast path ----------===//
//
// Reading facts through nlohmann's DOM costs more than the whole-program
// analysis of some trees: every object is a std::map of std::strings. This
// cursor reads JSON text in place, value by value, for a reader that builds
// facts directly. It covers only the JSON that writeFactsJson writes, and
// gives up (returns false) on anything where it could read otherwise than
// nlohmann: escapes other than the one-letter ones, bytes outside ASCII,
// numbers that are not small integers, a byte-order mark. The caller then
// reads the text again with nlohmann, which decides and explains.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_FACTS_JSONCURSOR_H
#define LOCKCHECK_FACTS_JSONCURSOR_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace lockcheck::facts {

class JsonCursor {
public:
  explicit JsonCursor(llvm::StringRef Text) : P(Text.begin()), End(Text.end()) {}

  /// Whether only whitespace is left.
  bool atEnd() {
    skipSpace();
    return P == End;
  }

  /// Whether the next value is null; consumes it if so.
  bool null() { return literal("null"); }

  bool boolean(bool &Out) {
    if (literal("true"))
      Out = true;
    else if (literal("false"))
      Out = false;
    else
      return false;
    return true;
  }

  /// An integer that fits int64_t, converted as nlohmann's get<T>() does (a
  /// static_cast).
  template <typename T> bool integer(T &Out) {
    skipSpace();
    const char *Start = P;
    bool Negative = P != End && *P == '-';
    if (Negative)
      ++P;
    const char *Digits = P;
    uint64_t V = 0;
    bool Overflow = false;
    for (; P != End && *P >= '0' && *P <= '9'; ++P) {
      unsigned D = *P - '0';
      Overflow |= V > (UINT64_MAX - D) / 10;
      V = V * 10 + D;
    }
    size_t N = static_cast<size_t>(P - Digits);
    uint64_t Limit = Negative ? uint64_t(INT64_MAX) + 1 : uint64_t(INT64_MAX);
    // No leading zeros, fraction or exponent, nothing past int64_t: nlohmann
    // reads those otherwise.
    if (N == 0 || Overflow || V > Limit || (N > 1 && *Digits == '0') ||
        (P != End && (*P == '.' || *P == 'e' || *P == 'E'))) {
      P = Start;
      return false;
    }
    Out = static_cast<T>(static_cast<int64_t>(Negative ? 0 - V : V));
    return true;
  }

  bool string(std::string &Out) {
    llvm::StringRef Raw;
    bool Escaped = false;
    if (!rawString(Raw, Escaped))
      return false;
    if (!Escaped) {
      Out.assign(Raw.begin(), Raw.end());
      return true;
    }
    Out.clear();
    Out.reserve(Raw.size());
    for (size_t I = 0; I < Raw.size(); ++I) {
      if (Raw[I] != '\\') {
        Out.push_back(Raw[I]);
        continue;
      }
      switch (Raw[++I]) {
      case '"': Out.push_back('"'); break;
      case '\\': Out.push_back('\\'); break;
      case '/': Out.push_back('/'); break;
      case 'b': Out.push_back('\b'); break;
      case 'f': Out.push_back('\f'); break;
      case 'n': Out.push_back('\n'); break;
      case 'r': Out.push_back('\r'); break;
      case 't': Out.push_back('\t'); break;
      default: return false; // \uXXXX: left to nlohmann
      }
    }
    return true;
  }

  /// Reads an array, calling Element() at each element; false when the value
  /// is not an array or Element() fails.
  template <typename F> bool array(F Element) {
    if (!punct('['))
      return false;
    if (punct(']'))
      return true;
    do {
      if (!Element())
        return false;
    } while (punct(','));
    return punct(']');
  }

  /// Reads an object, calling Member(Key) with the cursor at each value; false
  /// when the value is not an object or Member() fails.
  template <typename F> bool object(F Member) {
    if (!punct('{'))
      return false;
    if (punct('}'))
      return true;
    do {
      llvm::StringRef Key;
      bool Escaped = false;
      if (!rawString(Key, Escaped) || Escaped || !punct(':') || !Member(Key))
        return false;
    } while (punct(','));
    return punct('}');
  }

private:
  void skipSpace() {
    while (P != End && (*P == ' ' || *P == '\n' || *P == '\r' || *P == '\t'))
      ++P;
  }

  bool punct(char C) {
    skipSpace();
    if (P == End || *P != C)
      return false;
    ++P;
    return true;
  }

  bool literal(llvm::StringRef Word) {
    skipSpace();
    if (!llvm::StringRef(P, End - P).starts_with(Word))
      return false;
    P += Word.size();
    return true;
  }

  /// The text between the quotes, escapes undecoded.
  bool rawString(llvm::StringRef &Out, bool &Escaped) {
    if (!punct('"'))
      return false;
    const char *Start = P;
    for (; P != End && *P != '"'; ++P) {
      unsigned char C = static_cast<unsigned char>(*P);
      // Control characters are errors and other bytes must be valid UTF-8:
      // nlohmann checks both.
      if (C < 0x20 || C >= 0x80)
        return false;
      if (C == '\\') {
        Escaped = true;
        if (++P == End)
          return false;
      }
    }
    if (P == End)
      return false;
    Out = llvm::StringRef(Start, P - Start);
    ++P;
    return true;
  }

  const char *P;
  const char *End;
};

} // namespace lockcheck::facts

#endif // LOCKCHECK_FACTS_JSONCURSOR_H
