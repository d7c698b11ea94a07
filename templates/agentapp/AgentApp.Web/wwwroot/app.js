// WebSockets only, without the negotiate round trip: each session is then exactly one connection, so any replica
// behind the gateway can hold it (no sticky sessions needed). A plain file, not inline script, for the CSP.
Blazor.start({
  circuit: {
    configureSignalR: builder => builder.withUrl('_blazor', { skipNegotiation: true, transport: 1 /* WebSockets */ }),
  },
});
