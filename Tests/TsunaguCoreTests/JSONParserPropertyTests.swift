import Foundation
import Testing
@testable import TsunaguCore
import TsunaguTestSupport

/// Partner documents are untrusted bytes: damaged at random (bytes flipped, inserted, removed,
/// the text cut short), a document is refused with a parse error or read as a value that the
/// writer writes and the parser reads back as the same value, never anything else.
@Suite struct JSONParserPropertyTests {
    /// Documents to damage: nesting, escapes, exact numbers, non-ASCII text.
    static let seeds = [
        #"{"id":"urn:uuid:1","pcf":{"value":"1.50","amount":1.000E+3,"list":[1,-0.0,true,null,{"k":"\u00e9\n\"q\""}]},"name":"日本語テキスト"}"#,
        #"[[[[{"a":[{"b":{"c":[0.1,2e-5,123456789012345678901234567890]}}]}]]],"\ud83d\ude00",{}]"#,
        #"{"extensions":[{"specVersion":"2.0.0","data":{"set":{"/a~1b":"x"},"remove":["/c~0d"]}}]}"#,
    ]

    @Test func damagedDocumentsAreRefusedOrReadExactly() throws {
        var random = SeededRandom(seed: 0x6A73_6F6E_7061_7273)
        var (read, refused) = (0, 0)
        for seed in Self.seeds {
            for _ in 0..<3000 {
                var bytes = Array(seed.utf8)
                for _ in 0...(random.next() % 3) { Self.damage(&bytes, &random) }
                let value: JSONValue
                do {
                    value = try JSONParser().parse(bytes)
                } catch {
                    #expect(!error.reason.isEmpty && error.line >= 1 && error.column >= 1)
                    refused += 1
                    continue
                }
                read += 1
                let again = try JSONParser().parse(JSONWriter().bytes(value))
                #expect(again == value, "\(String(decoding: bytes, as: UTF8.self))")
            }
        }
        #expect(read >= 400 && refused >= 4000, "\(read) damaged documents read, \(refused) refused")
    }

    /// Flips a byte, inserts a JSON-significant byte, removes a byte, or cuts the text short.
    static func damage(_ bytes: inout [UInt8], _ random: inout SeededRandom) {
        guard !bytes.isEmpty else { return }
        let position = Int(random.next() % UInt64(bytes.count))
        let significant = Array(#"{}[]",:"\-+.eE0 9tfn"#.utf8) + [0x00, 0x7F, 0xC3, 0xFF, 0xE6]
        switch random.next() % 4 {
        case 0: bytes[position] ^= UInt8(truncatingIfNeeded: 1 << (random.next() % 8))
        case 1: bytes.insert(significant[Int(random.next() % UInt64(significant.count))], at: position)
        case 2: bytes.remove(at: position)
        default: bytes.removeSubrange(position...)
        }
    }
}
