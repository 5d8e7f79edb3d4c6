package io.github.mixup4j.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Enum options written in lower case on the command line ({@code --method cutmix} for {@code
 * CUTMIX}). Subclass {@link Converter} and {@link Candidates} for an enum and name them in the
 * option's {@code converter} and {@code completionCandidates}; the help then lists the names via
 * {@code ${COMPLETION-CANDIDATES}}.
 */
final class LowercaseEnum {
  private LowercaseEnum() {}

  /**
   * The command-line name of a constant.
   *
   * @param e the constant
   * @return its name in lower case
   */
  static String name(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  static <E extends Enum<E>> List<String> names(Class<E> type) {
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(name(e));
    }
    return names;
  }

  /** Parses lower-case names; the error names the value and the allowed ones. */
  abstract static class Converter<E extends Enum<E>> implements ITypeConverter<E> {
    private final Class<E> type;
    private final String what;

    Converter(Class<E> type, String what) {
      this.type = type;
      this.what = what;
    }

    @Override
    public E convert(String value) {
      for (E e : type.getEnumConstants()) {
        if (name(e).equals(value)) {
          return e;
        }
      }
      throw new TypeConversionException(
          "'"
              + value
              + "' is not a "
              + what
              + "; expected one of "
              + String.join(", ", names(type)));
    }
  }

  /** The names, for help and shell completion. */
  abstract static class Candidates<E extends Enum<E>> implements Iterable<String> {
    private final Class<E> type;

    Candidates(Class<E> type) {
      this.type = type;
    }

    @Override
    public Iterator<String> iterator() {
      return names(type).iterator();
    }
  }
}
