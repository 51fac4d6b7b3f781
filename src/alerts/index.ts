export * from './config';
export { evaluateAlerts, ALERT_STATE_KEY, type AlertState } from './evaluate';
export { recordInWindows, WINDOWS, DIMENSIONS, type Dimension, type WindowName } from './windows';
export { recordSamples } from './samples';
