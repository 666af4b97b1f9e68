package nnc.cli.lsp;

import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.services.WorkspaceService;

/** Each .nn file stands alone, so nothing in the workspace concerns the server. */
final class WorkspaceServiceImpl implements WorkspaceService {
    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {
        // no settings
    }

    @Override
    public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
        // models do not include other files
    }
}
