import Foundation
import Testing
import TsunaguCore

/// Rules folders are read the same way by every loader: through a linked root and linked
/// folders, without hidden entries.
@Suite struct FolderFilesTests {
    @Test func linkedFoldersAreFollowedAndHiddenEntriesLeftOut() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("tsunagu-folder-\(UUID().uuidString)").path
        let real = base + "/real"
        try FileManager.default.createDirectory(atPath: real + "/pact", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: base + "/elsewhere", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: real + "/.previous", withIntermediateDirectories: true)
        for file in ["/pact/a.yaml", "/pact/._a.yaml", "/.previous/b.yaml"] {
            try "x".write(toFile: real + file, atomically: true, encoding: .utf8)
        }
        try "x".write(toFile: base + "/elsewhere/c.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: real + "/catenax", withDestinationPath: base + "/elsewhere")
        try FileManager.default.createSymbolicLink(atPath: real + "/loop", withDestinationPath: real)
        try FileManager.default.createSymbolicLink(atPath: base + "/current", withDestinationPath: real)

        let names = FolderFiles.files(under: base + "/current").map(\.path).map { String($0.dropFirst(base.count)) }
        #expect(names.contains("/current/pact/a.yaml"))
        #expect(names.contains("/current/catenax/c.yaml"), "a linked folder is followed and named under the root: \(names)")
        #expect(!names.contains { $0.contains("._a") || $0.contains(".previous") }, "\(names)")
        #expect(names.filter { $0.hasSuffix("/a.yaml") }.count == 1, "a link back to the root is read once: \(names)")
    }
}
