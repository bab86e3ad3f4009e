package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A helper program of an end-to-end test (a backend, the mock Kubernetes API) run as its own
 * process, with its output in a log file the test polls. Its stdin stays open, so programs that
 * run until stdin closes keep running until {@link #close}.
 */
final class LoggedProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private LoggedProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Runs {@code command}; output goes to {@code <dir>/<name>-<n>.log}. */
  static LoggedProcess start(Path dir, String name, List<String> command) throws IOException {
    Path log = dir.resolve(name + "-" + System.nanoTime() + ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    return new LoggedProcess(name, process, log);
  }

  /** {@code java -cp <the test's class path> <jvmArgs> <mainClass> <args>}, for test programs. */
  static List<String> java(List<String> jvmArgs, Class<?> mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.addAll(jvmArgs);
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    return command;
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Waits until the log holds {@code text}; fails with the log if the process ends first. */
  void awaitLog(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!log().contains(text)) {
      if (!process.isAlive()) {
        fail(name + " exited with " + process.exitValue() + " before logging '" + text + "':\n"
            + log());
      }
      if (System.nanoTime() > deadline) {
        fail(name + " did not log '" + text + "' within " + timeout + ":\n" + log());
      }
      HoplinkProcess.pause();
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the process (SIGKILL) and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      fail(name + " did not end within 20 s of SIGKILL");
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
