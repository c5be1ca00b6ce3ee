// Types of segment-cipher.cjs (plain CommonJS, so that worker threads load it as it is).
export declare const SEGMENT_SIZE: number;
export declare const TAG_SIZE: number;
export declare const HEADER_SIZE: number;
export declare const SEALED_SEGMENT_SIZE: number;
export declare function segmentNonce(header: Buffer, index: number, last: boolean): Buffer;
export declare function sealSegments(key: Buffer, header: Buffer, firstIndex: number, plain: Buffer, final: boolean): Buffer;
export type OpenedSegments = { plain: Buffer; failedAt: number | null };
export declare function openSegments(
  key: Buffer,
  header: Buffer,
  firstIndex: number,
  finalIndex: number,
  sealed: Buffer,
  inPlace?: boolean,
): OpenedSegments;
