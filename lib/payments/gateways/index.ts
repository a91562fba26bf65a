import type { Gateway } from "../types";
import { airtelGateway } from "./airtel";
import { cashGateway } from "./cash";
import { darajaGateway } from "./daraja";
import { dpoGateway } from "./dpo";
import { flutterwaveGateway } from "./flutterwave";
import { ksherGateway } from "./ksher";
import { mtnMomoGateway } from "./mtn-momo";

/**
 * Every gateway the app can offer, in the order buyers see them. Each brings its whole registration (flow,
 * methods, config, capabilities), so adding one is a folder and a line here.
 */
export const GATEWAYS: readonly Gateway<unknown>[] = [
  darajaGateway,
  dpoGateway,
  mtnMomoGateway,
  airtelGateway,
  ksherGateway,
  cashGateway,
  flutterwaveGateway,
];
