package io.github.mixup4j.cli.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** JSON trees from plain Java values and back, without reflection on the values' classes. */
public final class Json {
  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

  private static final Gson COMPACT =
      new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

  private Json() {}

  /**
   * Converts a value to JSON: null, booleans, numbers (non-finite ones become null, as JSON has
   * none), strings, maps (keys by {@code toString}), collections and arrays, {@link Optional}, and
   * anything else (enums, paths, durations) by its {@code toString()}.
   */
  static JsonElement tree(Object value) {
    if (value == null) {
      return JsonNull.INSTANCE;
    }
    if (value instanceof Optional<?> o) {
      return tree(o.orElse(null));
    }
    if (value instanceof Boolean b) {
      return new JsonPrimitive(b);
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? new JsonPrimitive(d) : JsonNull.INSTANCE;
    }
    if (value instanceof Number n) {
      return new JsonPrimitive(n);
    }
    if (value instanceof Path || value instanceof java.io.File) {
      return new JsonPrimitive(value.toString()); // a Path is an Iterable of Paths: not a list
    }
    if (value instanceof Map<?, ?> map) {
      JsonObject obj = new JsonObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        obj.add(String.valueOf(e.getKey()), tree(e.getValue()));
      }
      return obj;
    }
    if (value instanceof Iterable<?> it) {
      JsonArray arr = new JsonArray();
      for (Object o : it) {
        arr.add(tree(o));
      }
      return arr;
    }
    if (value.getClass().isArray()) {
      JsonArray arr = new JsonArray();
      int n = Array.getLength(value);
      for (int i = 0; i < n; i++) {
        arr.add(tree(Array.get(value, i)));
      }
      return arr;
    }
    if (value instanceof Enum<?> e) {
      return new JsonPrimitive(e.name());
    }
    return new JsonPrimitive(value.toString());
  }

  /**
   * Pretty-printed JSON of a plain value (see {@link #tree}), ending with a newline.
   *
   * @param value the value
   * @return the JSON text
   */
  public static String toJson(Object value) {
    return GSON.toJson(tree(value)) + "\n";
  }

  /**
   * JSON of a plain value on one line, without a newline (for JSON Lines output).
   *
   * @param value the value
   * @return the JSON text
   */
  public static String toJsonLine(Object value) {
    return COMPACT.toJson(tree(value));
  }

  static void write(Path file, Object value) throws IOException {
    AtomicFiles.writeString(file, toJson(value));
  }

  /**
   * Reads a JSON file into plain Java values: {@link LinkedHashMap}, {@link ArrayList}, String,
   * Boolean, Long (integral numbers), Double, null.
   *
   * @param file the file
   * @return the value
   * @throws IOException if the file cannot be read or is not JSON; the message names the file
   */
  public static Object read(Path file) throws IOException {
    String text = TextFiles.read(file);
    try {
      return plain(JsonParser.parseString(text));
    } catch (JsonParseException e) {
      throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
    }
  }

  static Object plain(JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (e.isJsonObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> en : e.getAsJsonObject().entrySet()) {
        map.put(en.getKey(), plain(en.getValue()));
      }
      return map;
    }
    if (e.isJsonArray()) {
      List<Object> list = new ArrayList<>();
      for (JsonElement x : e.getAsJsonArray()) {
        list.add(plain(x));
      }
      return list;
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    if (p.isBoolean()) {
      return p.getAsBoolean();
    }
    if (p.isNumber()) {
      String s = p.getAsString();
      if (s.matches("-?\\d{1,18}")) {
        return Long.parseLong(s);
      }
      return p.getAsDouble();
    }
    return p.getAsString();
  }
}
