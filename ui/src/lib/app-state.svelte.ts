/**
 * What the main screen knows and does: the enrolled profile, the stored meetings, and syncing.
 * Components read its fields (reactive `$state`) and call `start()` / `sync()`.
 */
import { AppError, listMeetings, listenToFeed, profileInfo, syncNow, toAppError, unlockProfile } from './ipc';
import type { MeetingView, ProfileInfo, SyncProgress, SyncReport } from './types';

/** The outcome of the last sync that succeeded. */
export interface LastSync {
  /** When it finished (epoch ms). */
  at: number;
  report: SyncReport;
}

/** State and actions of the meetings screen. */
export class AppState {
  /** The enrolled profile; `null` when this device is not enrolled. */
  profile = $state<ProfileInfo | null>(null);
  /** True once `profile_info` has answered (either way). */
  profileKnown = $state(false);
  /** Meetings from the local store. */
  meetings = $state<MeetingView[]>([]);
  /** True while the first `list_meetings` is pending. */
  loading = $state(true);
  /** The profile's key is protected by a passphrase not typed yet. */
  locked = $state(false);
  /** True while `sync_now` runs. */
  syncing = $state(false);
  /** True after a sync failed with `sync.unreachable` (stored data is shown). */
  offline = $state(false);
  /** An error to show in the banner, if any. */
  error = $state<AppError | null>(null);
  /** The last successful sync. */
  lastSync = $state<LastSync | null>(null);
  /** Bytes of the meeting being downloaded, while a sync runs. */
  progress = $state<SyncProgress | null>(null);
  /** Whether the background connection to the server is up (`null` until it reports). */
  online = $state<boolean | null>(null);

  /** Loads profile and stored meetings, then (if enrolled) syncs in the background. */
  async start(): Promise<void> {
    this.loading = true;
    const [profile, meetings] = await Promise.allSettled([profileInfo(), listMeetings()]);
    if (profile.status === 'fulfilled') {
      this.profile = profile.value;
      this.profileKnown = true;
    } else {
      const err = toAppError(profile.reason);
      if (err.code === 'profile.locked') {
        this.locked = true;
        this.loading = false;
        return;
      }
      this.error = err;
    }
    if (meetings.status === 'fulfilled') {
      this.meetings = meetings.value;
    } else {
      this.error = toAppError(meetings.reason);
    }
    this.loading = false;
    if (this.profile) {
      await this.follow();
      await this.sync();
    }
  }

  /** Listens to the app's background following: news refreshes the list by itself. */
  private async follow(): Promise<void> {
    try {
      await listenToFeed({
        connection: (state) => {
          this.online = state.online;
          this.offline = !state.online;
        },
        synced: (report) => {
          this.lastSync = { at: Date.now(), report };
          void this.reload();
        },
      });
    } catch {
      // Without events the "Đồng bộ" button still works; nothing is lost.
    }
  }

  /** Re-reads the stored meetings. */
  async reload(): Promise<void> {
    try {
      this.meetings = await listMeetings();
    } catch (reason) {
      this.error = toAppError(reason);
    }
  }

  /** Runs `sync_now`, then re-reads the stored meetings. Ignored while a sync is running. */
  async sync(): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    this.error = null;
    this.offline = false;
    try {
      const report = await syncNow((progress) => {
        this.progress = progress;
      });
      this.lastSync = { at: Date.now(), report };
    } catch (reason) {
      const err = toAppError(reason);
      if (err.code === 'sync.unreachable') this.offline = true;
      else this.error = err;
    }
    try {
      this.meetings = await listMeetings();
    } catch (reason) {
      this.error = toAppError(reason);
    } finally {
      this.syncing = false;
      this.progress = null;
    }
  }

  /** Tries `passphrase`; on success loads everything as at start. Returns the refusal. */
  async unlock(passphrase: string): Promise<AppError | null> {
    try {
      await unlockProfile(passphrase);
    } catch (reason) {
      return toAppError(reason);
    }
    this.locked = false;
    await this.start();
    return null;
  }

  /** Hides the error banner. */
  dismissError(): void {
    this.error = null;
  }
}
