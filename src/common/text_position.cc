#include "slogate/common/text_position.h"

#include <algorithm>

namespace slogate {

std::pair<int, int> LineAndColumnBefore(std::string_view text, size_t offset) {
  int line = 1;
  int column = 1;
  const size_t end = std::min(offset > 0 ? offset - 1 : 0, text.size());
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

}  // namespace slogate
