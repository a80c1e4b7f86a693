namespace Hindsight.Warehouse;

/// <summary>A terminal warehouse problem (cannot open, cannot write), with a message a user can act on.</summary>
public sealed class WarehouseException(string message, Exception? inner = null) : Exception(message, inner);
