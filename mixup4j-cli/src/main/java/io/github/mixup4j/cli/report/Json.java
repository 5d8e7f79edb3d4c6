package io.github.mixup4j.cli.report;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonSyntaxException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The one Gson configuration of the JSON files mixup4j writes and reads ({@code config.json},
 * {@code summary.json}, {@code state.json}, {@code comparison.json}, {@code eval.json}, {@code
 * calibration.json}, the {@code --json} lines). Each file is a Java record; its components become
 * the object's members in declaration order, named in snake_case ({@code finalValAccuracy} → {@code
 * final_val_accuracy}) unless a {@link com.google.gson.annotations.SerializedName} says otherwise.
 *
 * <ul>
 *   <li>Pretty-printed with two spaces, a newline at the end; {@link #toJsonLine} gives one line.
 *   <li>A component without a value is written as {@code null}, not left out.
 *   <li>A number that is not finite (NaN, ±∞: "not measured") is written as {@code null}, since
 *       JSON has no such numbers; a {@code null} read into a {@code double} is NaN ({@link
 *       NonFiniteAsNull}).
 *   <li>Reading is strict JSON ({@link Strictness#STRICT}): what mixup4j writes, nothing more.
 *   <li>HTML characters are not escaped: {@code "<"} stays {@code "<"}.
 * </ul>
 */
public final class Json {
  private static final Gson PRETTY = builder().setPrettyPrinting().create();
  private static final Gson LINE = builder().create();

  /** Gson's troubleshooting link, which a one-line error message does without. */
  private static final Pattern SEE_ALSO = Pattern.compile("\\s*See https?://\\S+\\s*$");

  /** A JSON tree type in Gson's messages, such as {@code a com.google.gson.JsonObject}. */
  private static final Pattern TREE_TYPE =
      Pattern.compile("(?:an? )?com\\.google\\.gson\\.Json(Object|Array|Primitive|Null)\\b");

  /** A leading exception class name such as {@code java.lang.NumberFormatException: }. */
  private static final Pattern CLASS_PREFIX =
      Pattern.compile("^(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error): ");

  private Json() {}

  private static GsonBuilder builder() {
    return new GsonBuilder()
        .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
        .serializeNulls()
        .disableHtmlEscaping()
        .setStrictness(Strictness.STRICT)
        .registerTypeAdapter(double.class, new NonFiniteAsNull(false, Double.NaN))
        .registerTypeAdapter(Double.class, new NonFiniteAsNull(false, null))
        .registerTypeAdapter(float.class, new NonFiniteAsNull(true, Float.NaN))
        .registerTypeAdapter(Float.class, new NonFiniteAsNull(true, null));
  }

  /**
   * The pretty-printed JSON of a value, ending with a newline.
   *
   * @param value a record, a list, a map with string keys, a JSON tree, a string, number or boolean
   * @return the JSON text
   */
  public static String toJson(Object value) {
    return PRETTY.toJson(value) + "\n";
  }

  /**
   * The JSON of a value on one line, without a newline (for JSON Lines output).
   *
   * @param value as for {@link #toJson}
   * @return the JSON text
   */
  public static String toJsonLine(Object value) {
    return LINE.toJson(value);
  }

  /**
   * The JSON tree of a value, for a file part whose members are not known in advance (the options
   * of {@code config.json} by their command-line names).
   *
   * @param value as for {@link #toJson}
   * @return the tree; {@link com.google.gson.JsonNull} for null
   */
  public static JsonElement tree(Object value) {
    return PRETTY.toJsonTree(value);
  }

  /**
   * Writes a value as pretty-printed JSON to {@code file} atomically ({@link AtomicFiles}).
   *
   * @param file the file to create or replace
   * @param value as for {@link #toJson}
   * @throws IOException if the file cannot be written; the message names it
   */
  public static void write(Path file, Object value) throws IOException {
    AtomicFiles.writeString(file, toJson(value));
  }

  /**
   * Reads a JSON file into a record.
   *
   * @param file the file
   * @param type the record (or other class) the file holds
   * @param <T> that type
   * @return the value; never null
   * @throws IOException if the file cannot be read, is not UTF-8, is empty or {@code null}, is not
   *     JSON, or its JSON does not fit {@code type} (a string where a number belongs, an array
   *     where an object belongs); the message names the file and says what was wrong where
   */
  public static <T> T read(Path file, Class<T> type) throws IOException {
    String text = TextFiles.read(file);
    T value;
    try {
      value = PRETTY.fromJson(text, type);
    } catch (JsonParseException | IllegalArgumentException | IllegalStateException e) {
      // Gson's own errors, and a record constructor refusing a value
      throw new IOException(file + ": not valid JSON for mixup4j: " + reason(e), e);
    }
    if (value == null) {
      throw new IOException(
          file + (text.isBlank() ? " is empty" : " holds only null") + ": expected a JSON object");
    }
    return value;
  }

  /**
   * Converts a JSON tree read from a file into a record.
   *
   * @param file the file the tree came from, for the message
   * @param tree the tree, for example a member of an object read with {@link #read}
   * @param type the record
   * @param <T> that type
   * @return the value, or null for a null or absent tree
   * @throws IOException if the tree does not fit {@code type}; the message names the file
   */
  public static <T> T fromTree(Path file, JsonElement tree, Class<T> type) throws IOException {
    try {
      return PRETTY.fromJson(tree, type);
    } catch (JsonParseException | IllegalArgumentException | IllegalStateException e) {
      throw new IOException(file + ": not valid JSON for mixup4j: " + reason(e), e);
    }
  }

  /** The innermost useful message of a Gson error, on one line, without class names or links. */
  private static String reason(Throwable e) {
    String m = e.getMessage();
    if ((m == null || m.isBlank()) && e.getCause() != null) {
      m = e.getCause().getMessage();
    }
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    m = SEE_ALSO.matcher(m).replaceAll("");
    m =
        TREE_TYPE
            .matcher(m)
            .replaceAll(
                r ->
                    switch (r.group(1)) {
                      case "Object" -> "an object";
                      case "Array" -> "an array";
                      case "Null" -> "null";
                      default -> "a string, number or boolean";
                    });
    m = m.replace("com.google.gson.", "");
    for (String prefix; !(prefix = CLASS_PREFIX.matcher(m).replaceFirst("")).equals(m); ) {
      m = prefix;
    }
    return m.replaceAll("\\s+", " ").strip();
  }

  /**
   * Writes a non-finite {@code double} or {@code float} as {@code null} and reads {@code null} back
   * as NaN (primitives) or null (boxed).
   *
   * <p>Hand-written because Gson offers only two behaviours for NaN and ±∞, neither of them right
   * for these files: by default it throws, and {@code serializeSpecialFloatingPointValues()} writes
   * the bare tokens {@code NaN} and {@code Infinity}, which are not JSON and which strict readers
   * (Python's {@code json} with {@code allow_nan=False}, {@code jq}, JavaScript) refuse. mixup4j
   * has written null for "not measured" from the start, so old run folders read the same. Finite
   * values are written exactly as Gson would ({@link Double#toString}; a float as the double it
   * is).
   */
  private static final class NonFiniteAsNull extends TypeAdapter<Number> {
    private final boolean isFloat;
    private final Number nullAs;

    NonFiniteAsNull(boolean isFloat, Number nullAs) {
      this.isFloat = isFloat;
      this.nullAs = nullAs;
    }

    @Override
    public void write(JsonWriter out, Number value) throws IOException {
      if (value == null || !Double.isFinite(value.doubleValue())) {
        out.nullValue();
      } else {
        out.value(value.doubleValue());
      }
    }

    @Override
    public Number read(JsonReader in) throws IOException {
      JsonToken token = in.peek();
      if (token == JsonToken.NULL) {
        in.nextNull();
        return nullAs;
      }
      if (token != JsonToken.NUMBER) { // a quoted number too: these files write numbers bare
        throw new JsonSyntaxException(
            "Expected a number but was " + token + " at path " + in.getPath());
      }
      double d = in.nextDouble(); // strict: NaN and Infinity tokens are refused
      return isFloat ? (Number) (float) d : (Number) d;
    }
  }
}
