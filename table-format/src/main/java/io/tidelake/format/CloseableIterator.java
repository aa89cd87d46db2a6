package io.tidelake.format;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.Predicate;

/** An iterator over something that holds resources (open files); close it, ideally with try-with-resources. */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {

  @Override
  void close();

  /** Drains the iterator into a list and closes it. */
  default List<T> toList() {
    try (this) {
      List<T> out = new ArrayList<>();
      while (hasNext()) {
        out.add(next());
      }
      return out;
    }
  }

  default <R> CloseableIterator<R> map(Function<? super T, ? extends R> f) {
    CloseableIterator<T> self = this;
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return self.hasNext();
      }

      @Override
      public R next() {
        return f.apply(self.next());
      }

      @Override
      public void close() {
        self.close();
      }
    };
  }

  default CloseableIterator<T> filter(Predicate<? super T> keep) {
    CloseableIterator<T> self = this;
    return new CloseableIterator<>() {
      private T pending;
      private boolean ready;

      @Override
      public boolean hasNext() {
        while (!ready && self.hasNext()) {
          T t = self.next();
          if (keep.test(t)) {
            pending = t;
            ready = true;
          }
        }
        return ready;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ready = false;
        T t = pending;
        pending = null;
        return t;
      }

      @Override
      public void close() {
        self.close();
      }
    };
  }

  static <T> CloseableIterator<T> of(Iterator<T> it) {
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public T next() {
        return it.next();
      }

      @Override
      public void close() {}
    };
  }

  static <T> CloseableIterator<T> empty() {
    return of(java.util.Collections.emptyIterator());
  }

  /** Concatenates lazily opened iterators, closing each when it is exhausted. */
  static <T> CloseableIterator<T> concat(Iterator<? extends java.util.function.Supplier<CloseableIterator<T>>> parts) {
    return new CloseableIterator<>() {
      private CloseableIterator<T> current = empty();

      @Override
      public boolean hasNext() {
        while (!current.hasNext()) {
          current.close();
          if (!parts.hasNext()) {
            return false;
          }
          current = parts.next().get();
        }
        return true;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }

      @Override
      public void close() {
        current.close();
      }
    };
  }
}
