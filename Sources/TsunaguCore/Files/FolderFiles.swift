import Foundation

/// The files of a rules folder (mappings, schemas), found the same way by every loader: the
/// folder itself may be a symbolic link (swapping one is how a rules folder is deployed at
/// once), folders linked inside it are followed (each real folder once), and hidden entries
/// (`.previous/`, an editor's `._name` or `.name.swp`) are left out.
public enum FolderFiles {
    /// Every regular file under `folder`, recursively, sorted by path; empty when `folder` is
    /// not a readable folder. Files are named under `folder` as given, through the links.
    public static func files(under folder: String) -> [URL] {
        var found: [URL] = []
        var visited: Set<String> = []
        let named = URL(fileURLWithPath: folder)
        collect(named: named, real: named.resolvingSymlinksInPath(), into: &found, visited: &visited)
        return found.sorted { $0.path < $1.path }
    }

    private static func collect(named: URL, real: URL, into found: inout [URL], visited: inout Set<String>) {
        guard visited.insert(real.standardizedFileURL.path).inserted,
            let entries = try? FileManager.default.contentsOfDirectory(atPath: real.path)
        else { return }
        for name in entries where !name.hasPrefix(".") {
            let target = real.appendingPathComponent(name).resolvingSymlinksInPath()
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder) else { continue }
            if isFolder.boolValue {
                collect(named: named.appendingPathComponent(name), real: target, into: &found, visited: &visited)
            } else {
                found.append(named.appendingPathComponent(name))
            }
        }
    }
}
