// swift-tools-version:6.1
import Foundation
import PackageDescription

/// Set `TSUNAGU_LIBRARIES_ONLY=1` to build only the data libraries (core, schema, mapping,
/// policy, store) and the command-line tools that need no server stack: a fast inner loop for
/// library work on a small machine. CI and the README commands always build everything.
let librariesOnly = ProcessInfo.processInfo.environment["TSUNAGU_LIBRARIES_ONLY"] == "1"

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

var dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/attaswift/BigInt.git", from: "6.0.1"),
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
]

var targets: [Target] = [
    .target(
        name: "TsunaguCore",
        dependencies: [.product(name: "BigInt", package: "BigInt")],
        swiftSettings: swiftSettings
    ),
    .target(name: "TsunaguSchema", dependencies: ["TsunaguCore"], swiftSettings: swiftSettings),
    .target(
        name: "TsunaguMapping",
        dependencies: ["TsunaguCore", "TsunaguSchema", .product(name: "Yams", package: "Yams")],
        swiftSettings: swiftSettings
    ),
    .target(
        name: "TsunaguPolicy",
        dependencies: ["TsunaguCore", .product(name: "Yams", package: "Yams")],
        swiftSettings: swiftSettings
    ),
    .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
    .target(name: "TsunaguStore", dependencies: ["TsunaguCore", "CSQLite"], swiftSettings: swiftSettings),
    .target(
        name: "TsunaguRelay",
        dependencies: ["TsunaguCore", "TsunaguStore", .product(name: "Yams", package: "Yams")],
        swiftSettings: swiftSettings
    ),
    .target(name: "TsunaguTestSupport", dependencies: ["TsunaguCore"], path: "Tests/TsunaguTestSupport", swiftSettings: swiftSettings),
    .testTarget(name: "TsunaguCoreTests", dependencies: ["TsunaguCore", "TsunaguTestSupport"], swiftSettings: swiftSettings),
    .testTarget(name: "TsunaguSchemaTests", dependencies: ["TsunaguSchema"], exclude: ["Fixtures"], swiftSettings: swiftSettings),
    .testTarget(name: "TsunaguMappingTests", dependencies: ["TsunaguMapping", "TsunaguTestSupport"], swiftSettings: swiftSettings),
    .testTarget(name: "TsunaguPolicyTests", dependencies: ["TsunaguPolicy", "TsunaguTestSupport"], swiftSettings: swiftSettings),
    .testTarget(name: "TsunaguStoreTests", dependencies: ["TsunaguStore"], swiftSettings: swiftSettings),
    .testTarget(name: "TsunaguRelayTests", dependencies: ["TsunaguRelay", "TsunaguStore", "TsunaguTestSupport"], swiftSettings: swiftSettings),
]

var toolDependencies: [Target.Dependency] = [
    "TsunaguCore", "TsunaguSchema", "TsunaguMapping", "TsunaguPolicy", "TsunaguStore", "TsunaguRelay",
    .product(name: "ArgumentParser", package: "swift-argument-parser"),
]
var toolSettings = swiftSettings
var toolExclude: [String] = []

if librariesOnly {
    toolExclude = ["Server"]
} else {
    dependencies += [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ]
    targets += [
        .target(
            name: "TsunaguEcosystems",
            dependencies: [
                "TsunaguCore", "TsunaguSchema", "TsunaguMapping", "TsunaguPolicy",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                // The PACT outbound client (TLS trust, pinning) and the conformance suite's own
                // HTTPS callback receiver with its self-signed certificate.
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TsunaguGateway",
            dependencies: [
                "TsunaguCore", "TsunaguSchema", "TsunaguMapping", "TsunaguPolicy", "TsunaguStore",
                "TsunaguRelay", "TsunaguEcosystems",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TsunaguEcosystemsTests",
            dependencies: [
                "TsunaguEcosystems",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TsunaguGatewayTests",
            dependencies: [
                "TsunaguGateway", "TsunaguEcosystems",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "TsunaguGateway", "TsunaguEcosystems", "TsunaguSchema", "TsunaguMapping", "TsunaguTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
    toolDependencies += [
        "TsunaguEcosystems", "TsunaguGateway",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdTLS", package: "hummingbird"),
    ]
    toolSettings.append(.define("TSUNAGU_SERVER"))
}

/// How release builds of the gateway are linked on Linux: by lld, with packed relative relocations
/// (RELR) and without exporting every symbol dynamically, so the dynamic loader reads and writes
/// far fewer pages at start-up (idle RSS and start-to-ready in `tsunagu-bench pact`). Servers get
/// the self-contained binary with `swift build -c release --static-swift-stdlib` (README).
///
/// The functions start-up runs are placed together at the start of the text, in the order
/// `Linker/tsunagu-startup.order` lists them (written by `tools/startup_order.py`): the kernel
/// maps 64 KiB around every page first executed, so code start-up runs scattered over the whole
/// binary would keep most of it resident. lld can only move whole sections, so this needs every
/// function in its own section: the Swift runtime and Foundation come that way, Tsunagu and its
/// dependencies when built with the README's `-function-sections` flags. Names the file lists
/// that a build lacks are skipped silently.
let startupOrder = Context.packageDirectory + "/Linker/tsunagu-startup.order"
let releaseLinking: [LinkerSetting] = [
    .unsafeFlags(
        [
            "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic",
            "-Xlinker", "--symbol-ordering-file=" + startupOrder, "-Xlinker", "--no-warn-symbol-ordering",
        ],
        .when(platforms: [.linux], configuration: .release)
    )
]

targets += [
    .executableTarget(
        name: "tsunagu", dependencies: toolDependencies, exclude: toolExclude, swiftSettings: toolSettings, linkerSettings: releaseLinking
    ),
    .executableTarget(name: "tsunagu-bench", dependencies: toolDependencies, exclude: toolExclude, swiftSettings: toolSettings),
]

let package = Package(
    name: "tsunagu",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tsunagu", targets: ["tsunagu"]),
    ],
    dependencies: dependencies,
    targets: targets
)
