package org.starlane.bp.spi;

import java.util.Arrays;

/**
 * A binary min-heap of {@link QueuedTask}s ordered by (due time, sequence number), where each task
 * knows its index so that cancelling it costs O(log n) rather than a scan: the agent cancels a
 * timer (such as a bundle's expiration) for almost every bundle it handles. Not thread-safe; each
 * scheduler guards its own queue.
 */
final class TaskQueue {
  private QueuedTask[] heap = new QueuedTask[64];
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The earliest task, or {@code null} if the queue is empty. */
  QueuedTask peek() {
    return size == 0 ? null : heap[0];
  }

  void add(QueuedTask task) {
    if (task.heapIndex >= 0) {
      throw new IllegalStateException(task + " is already queued");
    }
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    siftUp(size++, task);
  }

  /** Removes and returns the earliest task, or returns {@code null} if the queue is empty. */
  QueuedTask poll() {
    if (size == 0) {
      return null;
    }
    QueuedTask first = heap[0];
    removeAt(0);
    return first;
  }

  /** Removes {@code task} if it is in this queue; returns whether it was. */
  boolean remove(QueuedTask task) {
    int index = task.heapIndex;
    if (index < 0 || index >= size || heap[index] != task) {
      return false;
    }
    removeAt(index);
    return true;
  }

  /** Empties the queue and returns how many tasks it held. */
  int clear() {
    int cleared = size;
    for (int i = 0; i < size; i++) {
      heap[i].heapIndex = -1;
      heap[i] = null;
    }
    size = 0;
    return cleared;
  }

  private void removeAt(int index) {
    QueuedTask removed = heap[index];
    removed.heapIndex = -1;
    int last = --size;
    QueuedTask moved = heap[last];
    heap[last] = null;
    if (index != last) {
      siftDown(index, moved);
      if (heap[index] == moved) {
        siftUp(index, moved);
      }
    }
  }

  private void siftUp(int index, QueuedTask task) {
    while (index > 0) {
      int parent = (index - 1) >>> 1;
      QueuedTask above = heap[parent];
      if (task.compareTo(above) >= 0) {
        break;
      }
      place(index, above);
      index = parent;
    }
    place(index, task);
  }

  private void siftDown(int index, QueuedTask task) {
    int half = size >>> 1;
    while (index < half) {
      int child = 2 * index + 1;
      int right = child + 1;
      if (right < size && heap[right].compareTo(heap[child]) < 0) {
        child = right;
      }
      if (task.compareTo(heap[child]) <= 0) {
        break;
      }
      place(index, heap[child]);
      index = child;
    }
    place(index, task);
  }

  private void place(int index, QueuedTask task) {
    heap[index] = task;
    task.heapIndex = index;
  }
}
