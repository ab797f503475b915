import Hummingbird
import NIOCore
import TsunaguCore
import TsunaguStore

/// Liveness, readiness and metrics endpoints for operators and orchestrators.
struct OperationsRoutes: Sendable {
    let store: any GatewayStore

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/health/live") { _, _ in Response.json(["status": "live"]) }
        router.get("/health/ready") { _, _ in
            do {
                _ = try await store.pendingMessageCount()
                return Response.json(["status": "ready"])
            } catch {
                return Response.json(["status": "unavailable", "reason": "the store does not answer"], status: .serviceUnavailable)
            }
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: MetricsExporter.exposition()))
            )
        }
    }
}
