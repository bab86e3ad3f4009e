package io.hoplink.router.admin;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/threads}: every live thread with its state and stack, in twitter-server's shape
 * {@code {"threads": {"<id>": {"thread", "daemon", "state", "priority", "stack"}}}}. Dumping
 * stops the world briefly, so it runs on a worker thread.
 */
final class ThreadDump {
  private ThreadDump() {}

  static Map<String, Object> now() {
    ThreadInfo[] infos = ManagementFactory.getThreadMXBean().dumpAllThreads(false, false);
    Arrays.sort(infos, Comparator.comparingLong(ThreadInfo::getThreadId));
    Map<String, Object> threads = new LinkedHashMap<>();
    for (ThreadInfo info : infos) {
      List<String> stack = new ArrayList<>();
      for (StackTraceElement frame : info.getStackTrace()) {
        stack.add(frame.toString());
      }
      Map<String, Object> thread = new LinkedHashMap<>();
      thread.put("thread", info.getThreadName());
      thread.put("daemon", info.isDaemon());
      thread.put("state", info.getThreadState().name());
      thread.put("priority", info.getPriority());
      thread.put("stack", stack);
      threads.put(Long.toString(info.getThreadId()), thread);
    }
    return Map.of("threads", threads);
  }
}
