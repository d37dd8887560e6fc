import {
  checkUint,
  decodeText,
  encodeText,
  expectAtLeast,
  readFixedString,
  viewOf,
  writeFixedString,
} from '../bytes.js';
import { IgtlError } from '../errors.js';
import type { IgtlCommand } from '../types.js';
import type { ContentCodec } from './codec.js';

/** COMMAND / RTS_COMMAND (protocol v3): command id u32, name char[20], encoding u16, length u32, text. */
const COMMAND_HEADER_SIZE = 30;

export const commandCodec: ContentCodec<IgtlCommand> = {
  prepare(msg) {
    checkUint(msg.encoding, 16, 'COMMAND encoding');
    checkUint(msg.commandId, 32, 'COMMAND id');
    const b = encodeText(msg.command, msg.encoding, 'COMMAND');
    return {
      size: COMMAND_HEADER_SIZE + b.length,
      write(out, dv, at) {
        dv.setUint32(at, msg.commandId);
        writeFixedString(out, at + 4, 20, msg.commandName, 'COMMAND name');
        dv.setUint16(at + 24, msg.encoding);
        dv.setUint32(at + 26, b.length);
        out.set(b, at + COMMAND_HEADER_SIZE);
      },
    };
  },
  decode(content, common, wireType) {
    expectAtLeast(content, COMMAND_HEADER_SIZE, wireType);
    const dv = viewOf(content);
    const encoding = dv.getUint16(24);
    const length = dv.getUint32(26);
    if (length !== content.length - COMMAND_HEADER_SIZE) {
      throw new IgtlError(
        'SIZE_MISMATCH',
        `${wireType} announces ${length} bytes but carries ${content.length - COMMAND_HEADER_SIZE}`,
      );
    }
    return {
      type: wireType === 'RTS_COMMAND' ? 'RTS_COMMAND' : 'COMMAND',
      ...common,
      commandId: dv.getUint32(0),
      commandName: readFixedString(content, 4, 20),
      encoding,
      command: decodeText(content.subarray(COMMAND_HEADER_SIZE), encoding),
    };
  },
};
