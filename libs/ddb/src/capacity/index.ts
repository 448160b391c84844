export { CapacityMeter, type CapacityTally, type PricedItem } from './capacity-meter';
export { attributeValueSize, itemSize, numberSize, type WireItem } from './item-size';
export {
  indexWriteUnits,
  priceItemWrite,
  READ_UNIT_BYTES,
  readUnits,
  tableShapeOf,
  WRITE_UNIT_BYTES,
  writeUnits,
  type PricedWrite,
  type TableShape,
} from './pricing';
