package org.starlane.node.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Whole-file reads and writes for the commands, where {@code -} names standard input or output, and
 * I/O errors become one-line messages ("Cannot read 'x.bin': no such file or directory").
 */
final class FileAccess {
  /** The name that means standard input or output. */
  static final String STANDARD_STREAM = "-";

  /** Largest input read into memory: the largest Java array. */
  static final long MAX_INPUT_BYTES = Integer.MAX_VALUE - 8;

  private FileAccess() {}

  /** An I/O failure, with a message fit for the user. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** All bytes of {@code file}, or of {@code stdin} when {@code file} is {@code -}. */
  static byte[] readAll(String file, InputStream stdin) throws Failure {
    if (STANDARD_STREAM.equals(file)) {
      try {
        return stdin.readAllBytes();
      } catch (IOException e) {
        throw new Failure("Cannot read standard input: " + describe(e), e);
      }
    }
    Path path = path(file, "read");
    try {
      long size = Files.size(path);
      if (size > MAX_INPUT_BYTES) {
        throw new Failure(
            "Cannot read '" + file + "': " + size + " bytes exceed the limit of " + MAX_INPUT_BYTES,
            null);
      }
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new Failure("Cannot read '" + file + "': " + describe(e), e);
    }
  }

  /**
   * Writes {@code bytes} to {@code file} (replacing it), or to {@code stdout} when it is {@code -}.
   */
  static void writeAll(String file, byte[] bytes, OutputStream stdout) throws Failure {
    if (STANDARD_STREAM.equals(file)) {
      try {
        stdout.write(bytes);
        stdout.flush();
      } catch (IOException e) {
        throw new Failure("Cannot write standard output: " + describe(e), e);
      }
      return;
    }
    try {
      Files.write(path(file, "write"), bytes);
    } catch (IOException e) {
      throw new Failure("Cannot write '" + file + "': " + describe(e), e);
    }
  }

  private static Path path(String file, String verb) throws Failure {
    try {
      return Path.of(file);
    } catch (InvalidPathException e) {
      throw new Failure("Cannot " + verb + " '" + file + "': " + e.getReason(), e);
    }
  }

  /** The reason of an I/O error without the file name that Java puts in most messages. */
  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    } else if (e instanceof AccessDeniedException) {
      return "permission denied";
    } else if (e instanceof FileAlreadyExistsException) {
      return "file exists";
    } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
