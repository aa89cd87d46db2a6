package io.tidelake.stream;

import java.util.Iterator;

/** Passes rows through and counts them (what a sink or a backfill slice reports as written). */
final class CountingIterator<T> implements Iterator<T> {
  private final Iterator<T> in;
  private long count;

  CountingIterator(Iterator<T> in) {
    this.in = in;
  }

  long count() {
    return count;
  }

  @Override
  public boolean hasNext() {
    return in.hasNext();
  }

  @Override
  public T next() {
    T t = in.next();
    count++;
    return t;
  }
}
