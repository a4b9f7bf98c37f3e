# Hades in a container: the same CLI as on the host (see README). Build: docker build -t hades .
FROM mcr.microsoft.com/dotnet/sdk:10.0-bookworm-slim AS build
WORKDIR /src
COPY . .
RUN dotnet build src/Hades.Host/Hades.Host.csproj -c Release

FROM mcr.microsoft.com/dotnet/sdk:10.0-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libjemalloc2 && rm -rf /var/lib/apt/lists/*
WORKDIR /hades
COPY --from=build /src /hades
VOLUME /runs
ENTRYPOINT ["/hades/hades"]
CMD ["run", "--run-dir", "/runs/cartpole"]
