package nnc.runtime;

import java.util.List;
import java.util.Map;

/**
 * The {@code data { }} block of a model.
 *
 * @param train     training source
 * @param test      test source, or {@code null}
 * @param normalize none, minmax or standard; fitted on the training split only
 * @param baseDir   directory that relative paths are resolved against (the .nn file's folder)
 */
public record DataConfig(Source train, Source test, Normalize normalize, String baseDir) {

    /** How features are scaled before they reach the model. */
    public enum Normalize { NONE, MINMAX, STANDARD }

    /**
     * A data source.
     *
     * @param format   idx or csv
     * @param paths    idx: images and labels; csv: the file
     * @param options  csv: label (name or index), header (true/false)
     * @param fallback a source used when this one's files are missing, or {@code null}
     */
    public record Source(String format, List<String> paths, Map<String, String> options,
                         Source fallback) {
    }
}
