import Foundation

extension StringProtocol {
    /// The text with its percent escapes decoded, or the text itself when an escape is not valid
    /// UTF-8 (as `removingPercentEncoding ?? text`).
    ///
    /// Text without `%` is returned as it is, without going through Foundation: on Linux,
    /// `removingPercentEncoding` bridges through CoreFoundation and was a third of a
    /// ListFootprints call's time for the query parameter names of `?limit=10`.
    public var percentDecoded: String {
        guard utf8.contains(UInt8(ascii: "%")) else { return String(self) }
        return removingPercentEncoding ?? String(self)
    }
}
