package io.hoplink.router.lb;

/**
 * A min-heap of nodes keyed by status, then load (outstanding requests per weight), as
 * Finagle's heap balancer: pick takes the root, and every begin, end or status change moves
 * that one node to its place, in O(log n) under the heap's lock. The key a node sorted by is
 * kept in the node, so the heap stays a heap while loads change concurrently.
 */
final class HeapPicker implements Picker {
  private Node[] heap = new Node[0]; // guarded by this

  @Override
  public synchronized Node pick() {
    return heap.length == 0 ? null : heap[0];
  }

  @Override
  public synchronized void rebuild(Node[] nodes) {
    for (Node old : heap) {
      old.heapIndex = -1;
    }
    heap = nodes.clone();
    for (int i = 0; i < heap.length; i++) {
      heap[i].heapIndex = i;
      rekey(heap[i]);
    }
    for (int i = heap.length / 2 - 1; i >= 0; i--) {
      siftDown(i);
    }
  }

  @Override
  public synchronized void loadChanged(Node node, int delta) {
    fix(node);
  }

  @Override
  public synchronized void statusChanged(Node node) {
    fix(node);
  }

  private void fix(Node node) {
    int i = node.heapIndex;
    if (i < 0 || i >= heap.length || heap[i] != node) {
      return; // no longer balanced here: a removed node finishing its requests
    }
    rekey(node);
    siftDown(siftUp(i));
  }

  private static void rekey(Node node) {
    node.heapRank = node.status().ordinal();
    node.heapLoad = node.load();
  }

  private static boolean less(Node a, Node b) {
    return a.heapRank != b.heapRank ? a.heapRank < b.heapRank : a.heapLoad < b.heapLoad;
  }

  private int siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) / 2;
      if (!less(heap[i], heap[parent])) {
        break;
      }
      swap(i, parent);
      i = parent;
    }
    return i;
  }

  private void siftDown(int i) {
    int n = heap.length;
    while (true) {
      int left = 2 * i + 1;
      if (left >= n) {
        return;
      }
      int child = left + 1 < n && less(heap[left + 1], heap[left]) ? left + 1 : left;
      if (!less(heap[child], heap[i])) {
        return;
      }
      swap(i, child);
      i = child;
    }
  }

  private void swap(int i, int j) {
    Node a = heap[i];
    heap[i] = heap[j];
    heap[j] = a;
    heap[i].heapIndex = i;
    heap[j].heapIndex = j;
  }

  @Override
  public String toString() {
    return "Heap";
  }
}
