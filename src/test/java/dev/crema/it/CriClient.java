package dev.crema.it;

import com.google.protobuf.Message;
import dev.crema.it.cri.ContainerStatsRequest;
import dev.crema.it.cri.ContainerStatsResponse;
import dev.crema.it.cri.ContainerStatusRequest;
import dev.crema.it.cri.ContainerStatusResponse;
import dev.crema.it.cri.CreateContainerRequest;
import dev.crema.it.cri.CreateContainerResponse;
import dev.crema.it.cri.ExecSyncRequest;
import dev.crema.it.cri.ExecSyncResponse;
import dev.crema.it.cri.PodSandboxStatusRequest;
import dev.crema.it.cri.PodSandboxStatusResponse;
import dev.crema.it.cri.RemoveContainerRequest;
import dev.crema.it.cri.RemoveContainerResponse;
import dev.crema.it.cri.RemovePodSandboxRequest;
import dev.crema.it.cri.RemovePodSandboxResponse;
import dev.crema.it.cri.RunPodSandboxRequest;
import dev.crema.it.cri.RunPodSandboxResponse;
import dev.crema.it.cri.StartContainerRequest;
import dev.crema.it.cri.StartContainerResponse;
import dev.crema.it.cri.StatusRequest;
import dev.crema.it.cri.StatusResponse;
import dev.crema.it.cri.StopContainerRequest;
import dev.crema.it.cri.StopContainerResponse;
import dev.crema.it.cri.StopPodSandboxRequest;
import dev.crema.it.cri.StopPodSandboxResponse;
import dev.crema.it.cri.VersionRequest;
import dev.crema.it.cri.VersionResponse;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A CRI client, as the kubelet is one: the runtime.v1.RuntimeService calls CriIT makes, over gRPC on a
 * containerd socket. The messages are generated from src/test/proto/cri.proto; the calls are written here, one
 * method descriptor each, because Maven Central serves no protoc-gen-grpc-java binary here to generate a stub.
 * The channel is grpc-netty-shaded's Netty on an epoll Unix domain socket: the shaded jar carries its native epoll
 * library, and grpc's own UDS support (UdsChannelBuilder) is not in the shaded jar.
 */
final class CriClient implements AutoCloseable {
    private static final String SERVICE = "runtime.v1.RuntimeService";

    private final EventLoopGroup loop;
    private final ManagedChannel channel;
    private final long deadlineSeconds;

    /** A channel to the CRI socket at {@code socket}; every call fails after {@code deadlineSeconds}. */
    CriClient(Path socket, long deadlineSeconds) {
        this.deadlineSeconds = deadlineSeconds;
        loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        // The authority is a name for HTTP/2's :authority header; containerd does not look at it, and a socket path
        // is not a valid one.
        channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString())).overrideAuthority("localhost")
                .eventLoopGroup(loop).channelType(EpollDomainSocketChannel.class).usePlaintext().build();
    }

    VersionResponse version(VersionRequest request) {
        return call("Version", request, VersionResponse.getDefaultInstance());
    }

    StatusResponse status(StatusRequest request) {
        return call("Status", request, StatusResponse.getDefaultInstance());
    }

    RunPodSandboxResponse runPodSandbox(RunPodSandboxRequest request) {
        return call("RunPodSandbox", request, RunPodSandboxResponse.getDefaultInstance());
    }

    PodSandboxStatusResponse podSandboxStatus(PodSandboxStatusRequest request) {
        return call("PodSandboxStatus", request, PodSandboxStatusResponse.getDefaultInstance());
    }

    StopPodSandboxResponse stopPodSandbox(StopPodSandboxRequest request) {
        return call("StopPodSandbox", request, StopPodSandboxResponse.getDefaultInstance());
    }

    RemovePodSandboxResponse removePodSandbox(RemovePodSandboxRequest request) {
        return call("RemovePodSandbox", request, RemovePodSandboxResponse.getDefaultInstance());
    }

    CreateContainerResponse createContainer(CreateContainerRequest request) {
        return call("CreateContainer", request, CreateContainerResponse.getDefaultInstance());
    }

    StartContainerResponse startContainer(StartContainerRequest request) {
        return call("StartContainer", request, StartContainerResponse.getDefaultInstance());
    }

    ContainerStatusResponse containerStatus(ContainerStatusRequest request) {
        return call("ContainerStatus", request, ContainerStatusResponse.getDefaultInstance());
    }

    ExecSyncResponse execSync(ExecSyncRequest request) {
        return call("ExecSync", request, ExecSyncResponse.getDefaultInstance());
    }

    ContainerStatsResponse containerStats(ContainerStatsRequest request) {
        return call("ContainerStats", request, ContainerStatsResponse.getDefaultInstance());
    }

    StopContainerResponse stopContainer(StopContainerRequest request) {
        return call("StopContainer", request, StopContainerResponse.getDefaultInstance());
    }

    RemoveContainerResponse removeContainer(RemoveContainerRequest request) {
        return call("RemoveContainer", request, RemoveContainerResponse.getDefaultInstance());
    }

    /** One unary call of the RuntimeService; a gRPC error status comes back as StatusRuntimeException. */
    private <Q extends Message, R extends Message> R call(String method, Q request, R responseType) {
        @SuppressWarnings("unchecked")
        MethodDescriptor<Q, R> descriptor = MethodDescriptor.<Q, R>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, method))
                .setRequestMarshaller(ProtoUtils.marshaller((Q) request.getDefaultInstanceForType()))
                .setResponseMarshaller(ProtoUtils.marshaller(responseType))
                .build();
        return ClientCalls.blockingUnaryCall(channel, descriptor,
                CallOptions.DEFAULT.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS), request);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        channel.awaitTermination(10, TimeUnit.SECONDS);
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }
}
