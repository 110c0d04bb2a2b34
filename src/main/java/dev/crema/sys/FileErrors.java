package dev.crema.sys;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * A file operation's failure in the kernel's words, as runc (Go) prints them: "PATH: no such file or directory",
 * not the bare path Java's NoSuchFileException carries. Engines parse these words (docker turns "no such file or
 * directory" into exit code 127 and "permission denied" into 126).
 */
public final class FileErrors {
    private FileErrors() {}

    /** "PATH: no such file or directory"; the words alone when the exception names no file. */
    public static String describe(IOException e) {
        String words = words(e);
        String file = e instanceof FileSystemException fse ? fse.getFile() : null;
        return file == null ? words : file + ": " + words;
    }

    /** "no such file or directory", "permission denied", ...: what went wrong, without the path. */
    public static String words(IOException e) {
        if (e instanceof NoSuchFileException) return Errno.text(Errno.ENOENT);
        if (e instanceof AccessDeniedException) return Errno.text(Errno.EACCES);
        if (e instanceof FileAlreadyExistsException) return Errno.text(Errno.EEXIST);
        if (e instanceof NotDirectoryException) return Errno.text(Errno.ENOTDIR);
        if (e instanceof DirectoryNotEmptyException) return Errno.text(Errno.ENOTEMPTY);
        // the JDK's reason is strerror's text ("Not a directory"); Go prints it in lower case
        if (e instanceof FileSystemException fse && fse.getReason() != null) return fse.getReason().toLowerCase(java.util.Locale.ROOT);
        return String.valueOf(e.getMessage());
    }
}
