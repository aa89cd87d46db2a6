package io.tidelake.format.types;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the compact column list users type on the command line:
 * {@code id long not null, date date, amount decimal(10,2), tags array<string>, attrs map<string,int>,
 * point struct<x:double,y:double>}. Anything starting with '{' is taken as Delta schema JSON instead.
 */
public final class SchemaDdl {
  private final String text;
  private int pos;

  private SchemaDdl(String text) {
    this.text = text;
  }

  /** Delta schema JSON, or the DDL column list. */
  public static StructType parse(String text) {
    String t = text.trim();
    if (t.startsWith("{")) {
      return SchemaJson.parse(t);
    }
    SchemaDdl p = new SchemaDdl(t);
    List<StructField> fields = new ArrayList<>();
    do {
      fields.add(p.column());
    } while (p.accept(','));
    p.skipWs();
    if (p.pos < p.text.length()) {
      throw p.error("unexpected '" + p.text.substring(p.pos) + "'");
    }
    return new StructType(fields);
  }

  private StructField column() {
    String name = identifier();
    skipWs();
    accept(':'); // "name: type" is accepted too
    DataType type = type(name);
    boolean nullable = true;
    skipWs();
    if (peekWord("not")) {
      word();
      if (!peekWord("null")) {
        throw error("expected NULL after NOT");
      }
      word();
      nullable = false;
    } else if (peekWord("null")) {
      word();
    }
    return new StructField(name, type, nullable);
  }

  /** The type of {@code column} (named in errors: the column, not the unknown type word). */
  private DataType type(String column) {
    skipWs();
    String w = word().toLowerCase(java.util.Locale.ROOT);
    switch (w) {
      case "array": {
        expect('<');
        DataType e = type(column + "[]");
        expect('>');
        return new ArrayType(e, true);
      }
      case "map": {
        expect('<');
        DataType k = type(column + ".key");
        expect(',');
        DataType v = type(column + ".value");
        expect('>');
        return new MapType(k, v, true);
      }
      case "struct": {
        expect('<');
        List<StructField> fs = new ArrayList<>();
        if (!accept('>')) {
          do {
            fs.add(column());
          } while (accept(','));
          expect('>');
        }
        return new StructType(fs);
      }
      case "decimal":
      case "numeric":
        if (accept('(')) {
          int p = number();
          int s = accept(',') ? number() : 0;
          expect(')');
          return new DecimalType(p, s);
        }
        return new DecimalType(10, 0);
      default:
        return SchemaJson.parsePrimitive(w, "'" + column + "' in schema text");
    }
  }

  private String identifier() {
    skipWs();
    if (pos < text.length() && text.charAt(pos) == '`') {
      int end = text.indexOf('`', pos + 1);
      if (end < 0) {
        throw error("unterminated `quoted` column name");
      }
      String id = text.substring(pos + 1, end);
      pos = end + 1;
      return id;
    }
    String w = word();
    if (w.isEmpty()) {
      throw error("expected a column name");
    }
    return w;
  }

  private String word() {
    skipWs();
    int start = pos;
    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private boolean peekWord(String w) {
    skipWs();
    int save = pos;
    String got = word();
    pos = save;
    return got.equalsIgnoreCase(w);
  }

  private int number() {
    String w = word();
    try {
      return Integer.parseInt(w);
    } catch (NumberFormatException e) {
      throw error("expected a number, got '" + w + "'");
    }
  }

  private boolean accept(char c) {
    skipWs();
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!accept(c)) {
      throw error("expected '" + c + "'");
    }
  }

  private void skipWs() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private InvalidSchemaException error(String what) {
    return new InvalidSchemaException("Cannot parse schema text at position " + pos + ": " + what + " in \"" + text
        + "\". Write columns as 'name type [not null]' separated by commas, e.g. 'id long not null, date date', "
        + "or give Delta schema JSON.");
  }
}
